"""Pure logic: validation, scoring and analysis. No ipywidgets, IPython or Voila here."""
