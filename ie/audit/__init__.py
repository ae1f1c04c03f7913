"""The consistency audit: check every report against its own numbers (rates, scores, targets, sums, repeats)."""
