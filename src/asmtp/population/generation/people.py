"""Names and birth dates for synthetic people, drawn column-wise."""

from __future__ import annotations

import numpy as np
import polars as pl

# Common surnames and given names (pinyin, Simplified Chinese). Synthetic people only.
SURNAMES = (
    ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"), ("Yang", "杨"),
    ("Huang", "黄"), ("Zhao", "赵"), ("Wu", "吴"), ("Zhou", "周"), ("Xu", "徐"), ("Sun", "孙"),
    ("Ma", "马"), ("Zhu", "朱"), ("Hu", "胡"), ("Guo", "郭"), ("He", "何"), ("Lin", "林"),
    ("Luo", "罗"), ("Gao", "高"), ("Liang", "梁"), ("Zheng", "郑"), ("Xie", "谢"), ("Song", "宋"),
)
GIVEN_NAMES = (
    ("Wei", "伟"), ("Fang", "芳"), ("Na", "娜"), ("Min", "敏"), ("Jing", "静"), ("Li", "丽"),
    ("Qiang", "强"), ("Lei", "磊"), ("Jun", "军"), ("Yang", "洋"), ("Yong", "勇"), ("Yan", "艳"),
    ("Jie", "杰"), ("Juan", "娟"), ("Tao", "涛"), ("Ming", "明"), ("Chao", "超"), ("Xiuying", "秀英"),
    ("Hua", "华"), ("Hui", "慧"), ("Yuxuan", "宇轩"), ("Zihan", "子涵"), ("Haoran", "浩然"), ("Xinyi", "欣怡"),
)

_SURNAME_EN = pl.Series([s[0].upper() for s in SURNAMES])
_SURNAME_ZH = pl.Series([s[1] for s in SURNAMES])
_GIVEN_EN = pl.Series([g[0] for g in GIVEN_NAMES])
_GIVEN_ZH = pl.Series([g[1] for g in GIVEN_NAMES])


def names(rng: np.random.Generator, n: int) -> tuple[pl.Series, pl.Series]:
    """English names ("CHEN Wei") and Chinese names ("陈伟") for ``n`` people."""
    surname = pl.Series(rng.integers(0, len(SURNAMES), n).astype(np.uint32))
    given = pl.Series(rng.integers(0, len(GIVEN_NAMES), n).astype(np.uint32))
    name_en = _SURNAME_EN.gather(surname) + " " + _GIVEN_EN.gather(given)
    name_zh = _SURNAME_ZH.gather(surname) + _GIVEN_ZH.gather(given)
    return name_en, name_zh


def birth_dates(rng: np.random.Generator, on: np.ndarray, low: float, high: float, mode: float | None = None) -> np.ndarray:
    """Birth dates of people aged between ``low`` and ``high`` years on the dates ``on``."""
    n = len(on)
    years = rng.uniform(low, high, n) if mode is None else rng.triangular(low, mode, high, n)
    birth: np.ndarray = on - np.round(years * 365.2425).astype("timedelta64[D]")
    return birth
