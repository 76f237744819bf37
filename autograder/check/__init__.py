"""Students' verb: run the public checks, in a sandbox or inside the notebook."""
