"""The proportions synthetic histories are drawn from (casework.synthetic.generator), as weighted tables.

Rough orders of magnitude from what legal-aid NGOs report about their clientele under the 2025 regime, not
statistics: enough for benchmarks and exports to look like real data (a long tail, skewed regions, rare
detentions), never a source of facts. Weights are relative; a table need not sum to 100.
"""

from __future__ import annotations

from itertools import accumulate
from random import Random

from casework.domain.reference_data import REGION_CODES


class Table:
    """Values with relative weights; ``pick`` draws one."""

    def __init__(self, *weighted: tuple[str, float]) -> None:
        self.values = tuple(value for value, _ in weighted)
        self.weights = tuple(weight for _, weight in weighted)
        self._cumulative = tuple(accumulate(self.weights))

    def pick(self, rng: Random) -> str:
        return rng.choices(self.values, cum_weights=self._cumulative)[0]

    def share(self, value: str) -> float:
        return self.weights[self.values.index(value)] / self._cumulative[-1]


CITIZENSHIPS = Table(
    ("UZB", 40), ("TJK", 28), ("KGZ", 12), ("AZE", 4), ("ARM", 3), ("MDA", 2), ("UKR", 2),
    ("AFG", 1.2), ("CHN", 1), ("VNM", 1), ("IND", 0.9), ("TKM", 0.8), ("KAZ", 0.8), ("GEO", 0.6),
    ("SYR", 0.6), ("CMR", 0.4), ("BGD", 0.3), ("NGA", 0.3), ("PAK", 0.2), ("MNG", 0.2), ("TUR", 0.2),
    ("EGY", 0.1), ("LKA", 0.1), ("XXX", 1),
)  # fmt: skip
_MAIN_REGIONS = (
    ("RU-MOW", 30), ("RU-MOS", 15), ("RU-SPE", 12), ("RU-SVE", 4), ("RU-TA", 3.5), ("RU-NVS", 3.5),
    ("RU-KDA", 3), ("RU-PRI", 2.5), ("RU-SAM", 2.5), ("RU-NIZ", 2.5), ("RU-KYA", 2.5), ("RU-CHE", 2.5),
)  # fmt: skip
_OTHER_REGIONS_WEIGHT = 16.5  # spread evenly over every other federal subject
REGIONS = Table(
    *_MAIN_REGIONS,
    *(
        (code, _OTHER_REGIONS_WEIGHT / (len(REGION_CODES) - len(_MAIN_REGIONS)))
        for code in sorted(REGION_CODES - {code for code, _ in _MAIN_REGIONS})
    ),
)
# Where an appeal is filed outside Moscow time: the deadline ends at 24:00 there (LEGAL-RULES.md §2).
AUTHORITY_ZONES = {
    "RU-SVE": "Asia/Yekaterinburg", "RU-CHE": "Asia/Yekaterinburg", "RU-NVS": "Asia/Novosibirsk",
    "RU-KYA": "Asia/Krasnoyarsk", "RU-PRI": "Asia/Vladivostok", "RU-SAM": "Europe/Samara",
}  # fmt: skip
SEXES = Table(("M", 75), ("F", 24), ("X", 1))

INCLUSION_GROUNDS = Table(
    ("stay_expired", 55), ("permit_annulled", 12), ("illegal_entry", 8), ("administrative_removal", 8),
    ("decision_other", 7), ("criminal_conviction", 3), ("asylum_refused", 2), ("readmission", 1.5),
    ("citizenship_terminated", 1), ("cruise_72h", 0.5), ("other", 2),
)  # fmt: skip
INCLUSION_SOURCES = Table(
    ("bank", 40), ("register_check", 25), ("client", 15), ("official_letter", 15), ("other", 5),
)  # fmt: skip
DECISION_KINDS = Table(
    ("administrative_expulsion", 50), ("deportation", 12), ("entry_ban", 10), ("stay_reduction", 8),
    ("permit_annulment", 6), ("undesirability", 3), ("bailiff_action", 3), ("asylum_refusal", 2),
    ("citizenship_termination", 1), ("other", 2),
)  # fmt: skip
SERVICE_METHODS = Table(("delivered", 70), ("refused", 15), ("returned_unclaimed", 15))
# Whether an appeal is filed before the deadline, after it, or not at all.
APPEAL_TIMING = Table(("in_time", 70), ("late", 12), ("never", 18))
NEXT_LEVEL_TIMING = Table(("in_time", 50), ("late", 10), ("never", 40))
APPEAL_OUTCOMES = Table(("upheld", 55), ("returned", 20), ("overturned", 15), ("partially_overturned", 10))
LEGAL_GROUNDS = Table(
    ("patent", 40), ("temporary_residence", 25), ("residence_permit", 10), ("citizenship", 5),
    ("temporary_asylum", 3), ("refugee", 2), ("other", 5),
)  # fmt: skip
# How a listing ends, for the clients whose listing does end.
LISTING_ENDS = Table(
    ("legal_grounds_acquired", 40), ("departure", 35), ("other", 15), ("decision_cancelled", 9), ("death", 1),
)  # fmt: skip
OBLIGATION_BREACHES = Table(
    ("whereabouts_not_reported", 40), ("departure_details_not_reported", 20),
    ("departure_obstacle_not_reported", 15), ("forced_move_not_reported", 10), ("other", 15),
)  # fmt: skip
ENFORCED_RESTRICTIONS = Table(
    ("banking_restricted", 35), ("no_marriage", 20), ("no_driving_licence", 15),
    ("no_property_registration", 10), ("no_vehicle_registration", 10), ("no_business_registration", 10),
)  # fmt: skip
