"""Words for synthetic employers, posts and studies, by HSIC section. Content, not calibration."""

from __future__ import annotations

import numpy as np
import polars as pl

_BY_SECTION: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    # section: (job titles, fields of study, word in the employer's name)
    "C": (("Production Engineer", "Quality Manager"), ("Mechanical Engineering", "Materials Science"), "Manufacturing"),
    "E": (("Environmental Engineer", "Waste Treatment Specialist"), ("Environmental Science",), "Environmental Services"),
    "F": (("Civil Engineer", "Quantity Surveyor", "Architect"), ("Civil Engineering", "Surveying", "Architecture"), "Construction"),
    "G": (("Trade Manager", "Merchandiser", "Sourcing Analyst"), ("International Trade", "Business Administration", "Economics"), "Trading"),
    "H": (("Logistics Manager", "Marine Engineer", "Naval Architect"), ("Logistics", "Marine Engineering"), "Shipping"),
    "I": (("Hotel Manager", "Executive Chef"), ("Hospitality Management", "Tourism"), "Hospitality"),
    "J": (("Software Engineer", "Data Scientist", "Cyber Security Specialist"), ("Computer Science", "Electronic Engineering"), "Technology"),
    "K": (("Investment Analyst", "Risk Manager", "Actuary", "Compliance Officer"), ("Finance", "Economics", "Mathematics", "Actuarial Science"), "Capital"),
    "L": (("Property Analyst", "Valuation Surveyor"), ("Real Estate", "Surveying"), "Properties"),
    "M": (("Consultant", "Research Scientist", "Patent Agent"), ("Engineering", "Law", "Biology"), "Consulting"),
    "N": (("Human Resources Manager", "Office Manager"), ("Management", "Psychology"), "Services"),
    "P": (("Postdoctoral Fellow", "Research Assistant Professor", "Lecturer"), ("Physics", "Chemistry", "Education", "Linguistics"), "Institute"),
    "Q": (("Registered Nurse", "Pharmacist", "Physician"), ("Medicine", "Nursing", "Pharmacy"), "Medical Centre"),
    "R": (("Game Designer", "Producer", "Recording Engineer"), ("Fine Arts", "Digital Media", "Music"), "Studios"),
}
_DEFAULT = (("Manager",), ("Business Administration",), "Holdings")
_EMPLOYER_WORDS = (
    "Harbour", "Victoria", "Pearl River", "Lion Rock", "Kowloon", "Peak", "Jade", "Orient", "Bauhinia", "Lantau",
    "Star Ferry", "Causeway", "Tai Ping", "Golden Bay", "Silvermine", "Sai Kung",
)
QUALIFICATIONS = ("CPA", "CFA", "PMP", "Registered Engineer (PRC)", "Senior Technician Certificate")


def _options(section: str, position: int) -> tuple[str, ...]:
    entry = _BY_SECTION.get(section, _DEFAULT)
    value = entry[position]
    return value if isinstance(value, tuple) else (value,)


def pick_by_section(rng: np.random.Generator, sections: pl.Series, position: int) -> pl.Series:
    """For each section letter, one of its words (0: job title, 1: field of study, 2: employer word)."""
    codes = sorted(set(_BY_SECTION) | set(sections.drop_nulls().unique().to_list()))
    flat: list[str] = []
    offsets = np.zeros(len(codes), dtype=np.int64)
    lengths = np.zeros(len(codes), dtype=np.int64)
    for i, code in enumerate(codes):
        options = _options(code, position)
        offsets[i], lengths[i] = len(flat), len(options)
        flat.extend(options)
    code_index = sections.fill_null(codes[0]).replace_strict(codes, list(range(len(codes))), return_dtype=pl.Int64)
    index = code_index.to_numpy()
    chosen = offsets[index] + rng.integers(0, 1 << 30, index.shape[0]) % lengths[index]
    return pl.Series(flat).gather(pl.Series(chosen.astype(np.uint32)))


def employer_names(rng: np.random.Generator, sections: pl.Series) -> pl.Series:
    """Synthetic employer names such as "Jade Trading Limited"."""
    words = pl.Series(_EMPLOYER_WORDS).gather(pl.Series(rng.integers(0, len(_EMPLOYER_WORDS), len(sections)).astype(np.uint32)))
    return words + " " + pick_by_section(rng, sections, 2) + " Limited"
