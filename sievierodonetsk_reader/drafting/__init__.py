"""`draft`: a saved news report as an article file whose machine-made marks a person reviews."""
