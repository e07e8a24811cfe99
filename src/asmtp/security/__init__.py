"""Security controls shared by every area: password rules, sign-in throttling, staff two-factor
sign-in, session lifetimes, hostile-upload checks and request idempotency records."""
