"""Running the service: backups and restores, the demo's data, the figures /metrics reports."""
