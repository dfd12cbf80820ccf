"""The eval suite: gold briefings, the scorer, and the CI gate."""
