"""`dtrack site`: the tasks of every agency as a static website.

build.py turns the loaded data at day T into page data (pure: no clock, no files, no markup);
pages.py renders it through the Jinja templates under templates/site/ (sandboxed, autoescaped);
ics.py writes the calendar feeds; output.py writes the folder.
"""
