"""Slide decks: plan every slide, fit its text, and write the .pptx with python-pptx."""
