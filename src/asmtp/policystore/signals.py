"""What the policy store announces (Django signals, sent inside the import's transaction).

- `talent_list_applied`: an imported Talent List version was applied, so the rules in force
  changed. Receiver: the workbench re-assesses the open cases and flags those judged differently
  (`asmtp.workbench.receivers`), in a job that runs once the import commits.
"""

from __future__ import annotations

from django.dispatch import Signal

# kwargs: talent_list_import (TalentListImport)
talent_list_applied = Signal()
