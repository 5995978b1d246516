"""Worksheets and answer keys (teacher guides) as A4 PDFs with reportlab."""
