"""The web page for teachers (`kitgen serve`): a thin layer over the build API, kits made in memory."""
