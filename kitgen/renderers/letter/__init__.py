"""Parent letters: their content, and the PDF, plain-text and HTML forms of it."""
