"""The signatory register: organisations, their people and contacts, imports, the
municipal contacts directory, the Enterprise Register sync and correction proposals."""
