"""Re-assessing a whole population under a baseline and a reform, and counting what flips."""
