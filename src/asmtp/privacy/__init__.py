"""Personal data (PDPO): data-access exports, audited corrections and their records."""
