"""Turn the text extracted from the Werkagenda mbo progress PDF into structured data.

Pure Python (no Django): `layout` recovers table rows and cells from the extraction,
`normalise` reads parties, years and status categories, `corrections` holds the few
explicit, documented decisions the layout cannot make, and `parse` puts it together.
"""
