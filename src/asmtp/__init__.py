"""ASMTP: case management for Hong Kong's Admission Scheme for Mainland Talents and Professionals."""

__version__ = "0.3.0"
