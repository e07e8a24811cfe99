"""ASMTP policy as dated data (openfisca style): parameters, editions and reference tables.

The YAML files under ``data/`` hold every number the engine uses, each keyed by the date from
which it applies and carrying its source. :func:`load_policy` reads them into a :class:`Policy`
for one edition; ``policy.at(day)`` gives the values in force on one day, and each
:class:`Parameter` also answers for a whole column of dates at once (``numbers_at``), which is
how the vectorised engine gives every application its own date. Pure Python: no Django.
"""

from asmtp.policy.loader import (
    PolicyDataError,
    UnknownEdition,
    available_editions,
    default_edition,
    load_policy,
)
from asmtp.policy.model import Edition, IndustrySection, Params, Policy, Provinces
from asmtp.policy.parameters import Parameter, ParameterValue, day_number
from asmtp.policy.talent_list import Profession, Segment, TalentList, TalentListVersion
from asmtp.policy.texts import LANGUAGES, Names
from asmtp.policy.tp_list import TPList, TPListVersion, Trade
from asmtp.policy.wages import WageBenchmark, WageBenchmarks

__all__ = [
    "LANGUAGES",
    "Edition",
    "IndustrySection",
    "Names",
    "Parameter",
    "ParameterValue",
    "Params",
    "Policy",
    "PolicyDataError",
    "Profession",
    "Provinces",
    "Segment",
    "TPList",
    "TPListVersion",
    "TalentList",
    "TalentListVersion",
    "Trade",
    "UnknownEdition",
    "WageBenchmark",
    "WageBenchmarks",
    "available_editions",
    "day_number",
    "default_edition",
    "load_policy",
]
