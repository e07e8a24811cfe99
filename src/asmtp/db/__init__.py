"""Database backends: Django's own, with the changes the service needs (see each module)."""
