"""CI's verb: grade one submission inside a platform's container layout."""
