"""Policy data administrators load into the database: imported Talent List versions."""
