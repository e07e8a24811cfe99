"""Policy simulation from the web: analysts start a run, a background job re-assesses a
synthetic population under a baseline and a reform, and the page shows what flips."""
