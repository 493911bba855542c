"""Many agencies, one national response: hand questions out, answer them apart, merge them back (issue 14)."""
