"""kitgen: classroom lesson kits (slides, worksheets, answer keys, parent letters) from YAML."""

__version__ = "0.1.0"
