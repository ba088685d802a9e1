"""Write synthetic national raw extracts (many chambers, many years) in the seeds' raw formats.

Every file has the columns of the seed of the same name (seeds/raw/_raw__seeds.yml), all text, as
the sources print it: Italian numbers ('34.985,30', '1.416'), weights ('33,33'), targets
('>= 58 €', '<= 2,3 gg', 'Entro 30-11-2017', 'N/D'), year-to-date quarterly measures. They are NOT
real figures. The warehouse reads them as external files (dbt var raw_source: external, directory in
$PIRA_EXTERNAL_RAW_DIR) instead of the seeds.

The plans are shaped like the reference ones: areas -> strategic objectives -> operational
objectives, weights summing to 100 among siblings, three indicators per operational objective,
triennial plan cycles. Common process indicators (C1.1_07, C2.1_01, ...) have the same code and
formula in every chamber; the others are the chamber's own. Formulas are sums and ratios over
measure codes (a bracketed code with a space, a coefficient, parentheses among them).

Measures: per chamber and year, Q1, Q2, Q3 year to date ('2024-Q2') and the year ('2024'); counts
and amounts never decrease through the year. About 2% of measure rows and 0.5% of targets are
deliberately bad (unparseable values, N/D, empty, negative counts, duplicated keys).

Deterministic: the same --size and --seed give byte-identical files.

Sizes: small (5 chambers x 2 years), national (60 x 10, about 1.4 M measure rows),
stress (600 x 10, about 14 M).

Usage: python scripts/generate_national.py --size small|national|stress --out DIR
       [--format parquet|csv|both] [--seed N]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas

# The extract format is the landing loader's (run as `python scripts/...` from anywhere).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from orchestration.landing import EXPECTED_COLUMNS

SOURCE = "Dati sintetici nazionali - scripts/generate_national.py"


@dataclass(frozen=True)
class Size:
    chambers: int
    first_year: int
    years: int
    areas: int
    strategic_per_area: int
    operational_per_strategic: int


SIZES = {
    "small": Size(5, 2023, 2, 3, 2, 3),
    "national": Size(60, 2015, 10, 5, 4, 5),
    "stress": Size(600, 2015, 10, 5, 4, 5),
}

# Column order of every raw table, as in seeds/raw/_raw__seeds.yml.
COLUMNS = {
    "raw_entities": ["entity_code", "entity_name", "province", "region"],
    "raw_plan_nodes": [
        "entity_code",
        "cycle",
        "source_row",
        "node_code",
        "node_code_as_printed",
        "node_level",
        "parent_code",
        "sub_objective_of",
        "title",
        "owner",
        "weight_raw",
    ],
    "raw_indicators": [
        "entity_code",
        "source_row",
        "indicator_code",
        "indicator_name",
        "algorithm_text",
        "formula_as_printed",
        "formula",
        "unit",
    ],
    "raw_indicator_assignments": [
        "entity_code",
        "cycle",
        "source_row",
        "node_code",
        "indicator_code",
        "weight_raw",
    ],
    "raw_targets": ["entity_code", "indicator_code", "target_year", "target_raw", "source_row"],
    "raw_measure_values": ["source_row", *EXPECTED_COLUMNS],
    "raw_baselines": [
        "entity_code",
        "indicator_code",
        "baseline_year",
        "value_raw",
        "source",
        "source_row",
    ],
    "raw_budget": [
        "entity_code",
        "budget_year",
        "source_row",
        "row_type",
        "mission_code",
        "mission_name",
        "program_code",
        "program_name",
        "priority_area",
        "mission_statement",
        "preventivo_raw",
        "consuntivo_raw",
    ],
    "raw_overrides": [
        "entity_code",
        "period",
        "node_code",
        "indicator_code",
        "override_field",
        "override_value_raw",
        "justification",
        "decided_by",
        "decided_on",
    ],
    "raw_indicator_accumulation": ["entity_code", "indicator_code", "accumulation_kind", "note"],
    "raw_commentary": [
        "entity_code",
        "period",
        "node_code",
        "indicator_code",
        "text",
        "author",
        "written_on",
    ],
    "raw_approvals": [
        "entity_code",
        "period",
        "stage",
        "approved_by",
        "approved_on",
        "act_reference",
    ],
    "raw_period_closures": ["entity_code", "period", "closed_on", "closed_by", "act_reference"],
    "raw_restatements": ["entity_code", "period", "reason", "decided_by", "decided_on"],
    "raw_scoring_rules": [
        "entity_code",
        "indicator_code",
        "green_from_pct",
        "amber_from_pct",
        "cap_pct",
        "late_deadline_policy",
        "late_deadline_decay_days",
        "missing_data_policy",
        "decided_by",
        "act_reference",
        "notes",
    ],
    "raw_node_budget_links": ["entity_code", "cycle", "node_code", "mission_code", "program_code"],
}

# (sigla, province, region); FE and MO are left out: the seeds hold the real ones.
PROVINCES = [
    ("AG", "Agrigento", "Sicilia"),
    ("AL", "Alessandria", "Piemonte"),
    ("AN", "Ancona", "Marche"),
    ("AO", "Aosta", "Valle d'Aosta"),
    ("AR", "Arezzo", "Toscana"),
    ("AP", "Ascoli Piceno", "Marche"),
    ("AT", "Asti", "Piemonte"),
    ("AV", "Avellino", "Campania"),
    ("BA", "Bari", "Puglia"),
    ("BL", "Belluno", "Veneto"),
    ("BN", "Benevento", "Campania"),
    ("BG", "Bergamo", "Lombardia"),
    ("BI", "Biella", "Piemonte"),
    ("BO", "Bologna", "Emilia-Romagna"),
    ("BZ", "Bolzano", "Trentino-Alto Adige"),
    ("BS", "Brescia", "Lombardia"),
    ("BR", "Brindisi", "Puglia"),
    ("CA", "Cagliari", "Sardegna"),
    ("CL", "Caltanissetta", "Sicilia"),
    ("CB", "Campobasso", "Molise"),
    ("CE", "Caserta", "Campania"),
    ("CT", "Catania", "Sicilia"),
    ("CZ", "Catanzaro", "Calabria"),
    ("CH", "Chieti", "Abruzzo"),
    ("CO", "Como", "Lombardia"),
    ("CS", "Cosenza", "Calabria"),
    ("CR", "Cremona", "Lombardia"),
    ("CN", "Cuneo", "Piemonte"),
    ("FI", "Firenze", "Toscana"),
    ("FG", "Foggia", "Puglia"),
    ("FR", "Frosinone", "Lazio"),
    ("GE", "Genova", "Liguria"),
    ("GR", "Grosseto", "Toscana"),
    ("IM", "Imperia", "Liguria"),
    ("SP", "La Spezia", "Liguria"),
    ("AQ", "L'Aquila", "Abruzzo"),
    ("LT", "Latina", "Lazio"),
    ("LE", "Lecce", "Puglia"),
    ("LC", "Lecco", "Lombardia"),
    ("LI", "Livorno", "Toscana"),
    ("LU", "Lucca", "Toscana"),
    ("MC", "Macerata", "Marche"),
    ("MN", "Mantova", "Lombardia"),
    ("ME", "Messina", "Sicilia"),
    ("MI", "Milano", "Lombardia"),
    ("NA", "Napoli", "Campania"),
    ("NO", "Novara", "Piemonte"),
    ("NU", "Nuoro", "Sardegna"),
    ("PD", "Padova", "Veneto"),
    ("PA", "Palermo", "Sicilia"),
    ("PR", "Parma", "Emilia-Romagna"),
    ("PV", "Pavia", "Lombardia"),
    ("PG", "Perugia", "Umbria"),
    ("PE", "Pescara", "Abruzzo"),
    ("PC", "Piacenza", "Emilia-Romagna"),
    ("PI", "Pisa", "Toscana"),
    ("PZ", "Potenza", "Basilicata"),
    ("RA", "Ravenna", "Emilia-Romagna"),
    ("RM", "Roma", "Lazio"),
    ("TO", "Torino", "Piemonte"),
    ("VE", "Venezia", "Veneto"),
]

# Common process indicators: same code, name, formula and unit in every chamber.
# (code, name, unit, numerator measures, denominator measure or None, factor in the formula)
COMMON_INDICATORS = [
    (
        "C1.1_07",
        "Tempo medio di lavorazione delle pratiche telematiche del Registro Imprese",
        "gg",
        [("C1.1_07_gg", "gg")],
        ("C1.1_07_n", "N."),
        1,
    ),
    (
        "C1.1_08",
        "Tasso di evasione delle pratiche del Registro Imprese entro 5 giorni",
        "%",
        [("C1.1_08_evase", "N.")],
        ("C1.1_08_ricevute", "N."),
        1,
    ),
    (
        "C2.1_01",
        "Grado di utilizzo dei servizi digitali da parte delle imprese",
        "%",
        [("C2.1_01_spid", "N."), ("C2.1_01_cns", "N.")],
        ("C2.1_01_imprese", "N."),
        1,
    ),
    (
        "C2.1_02",
        "Dispositivi di firma digitale rilasciati nell'anno",
        "N.",
        [("C2.1_02_cns", "N."), ("C2.1_02_spid", "N.")],
        None,
        1,
    ),
    ("C2.4_03", "Verifiche metriche effettuate nell'anno", "N.", [("N_Vis Metr", "N.")], None, 1),
    (
        "C2.7_01",
        "Tempo medio di gestione delle istanze di cancellazione protesti",
        "gg",
        [("C2.7_01_gg", "gg")],
        ("C2.7_01_istanze", "N."),
        1,
    ),
    (
        "B1.1_01",
        "Incidenza dei costi di funzionamento sui proventi correnti",
        "N.",
        [("B1.1_01_costi", "€")],
        ("B1.1_01_proventi", "€"),
        100,
    ),
    (
        "B3.1_01",
        "Costo medio del personale per impresa attiva",
        "€",
        [("B3.1_01_costo", "€")],
        ("B3.1_01_imprese", "N."),
        1,
    ),
]

AREA_TITLES = [
    "Competitività delle imprese",
    "Competitività del territorio",
    "Competitività dell'ente",
    "Semplificazione e trasparenza",
    "Sviluppo sostenibile",
]
KINDS = ["count", "sum", "ratio_pct", "ratio_eur", "ratio_gg", "date", "percent"]
KIND_WEIGHTS = [14, 26, 32, 8, 8, 4, 8]


@dataclass
class Measure:
    code: str
    unit: str  # N., €, gg, %, date
    base: float  # annual value in the first year
    trend: float  # yearly growth factor

    @property
    def flow(self) -> bool:
        """Counts, amounts and day totals accumulate through the year; percentages and dates do not."""
        return self.unit in ("N.", "€", "gg")

    def annual(self, offset: int) -> float:
        return self.base * self.trend**offset


@dataclass
class Indicator:
    code: str
    name: str
    formula: str
    unit: str
    numerators: list[Measure]
    denominator: Measure | None = None
    factor: float = 1.0  # 100 for a ratio in percent
    deadline: tuple[int, int] | None = None  # (month, day) of an 'Entro' target
    weight_zero: bool = False

    @property
    def measures(self) -> list[Measure]:
        return self.numerators + ([self.denominator] if self.denominator else [])

    def expected(self, offset: int) -> float:
        """The indicator value the plan expects in a year (targets are set around it)."""
        total = sum(m.annual(offset) for m in self.numerators)
        return self.factor * total / self.denominator.annual(offset) if self.denominator else total


@dataclass
class Chamber:
    code: str
    name: str
    province: str
    region: str
    scale: float
    rng: random.Random
    indicators: list[Indicator] = field(default_factory=list)


def italian(value: float, decimals: int, thousands: bool = True) -> str:
    """Italian number text: '1.416', '34.985,30' (or '34985,3' without thousands separators)."""
    text = f"{value:,.{decimals}f}" if thousands else f"{value:.{decimals}f}"
    return text.replace(",", "#").replace(".", ",").replace("#", ".")


def split_weights(count: int, rng: random.Random, even: bool) -> list[str]:
    """Weights in hundredths summing to exactly 100, as printed ('33,33', '33,33', '33,34')."""
    if count == 0:
        return []
    raw = [1.0] * count if even else [rng.uniform(0.6, 1.4) for _ in range(count)]
    total = sum(raw)
    cents = [round(10000 * r / total) for r in raw]
    cents[-1] += 10000 - sum(cents)
    return [italian(c / 100, 2, thousands=False) for c in cents]


def chamber_list(count: int, seed: int) -> list[Chamber]:
    chambers = []
    for index in range(count):
        sigla, province, region = PROVINCES[index % len(PROVINCES)]
        copy = index // len(PROVINCES)
        code = sigla if copy == 0 else f"{sigla}{copy + 1}"
        name = f"Camera di commercio di {province}" + ("" if copy == 0 else f" ({copy + 1})")
        rng = random.Random(f"{seed}:{code}")
        chambers.append(Chamber(code, name, province, region, rng.uniform(0.3, 3.0), rng))
    return chambers


def measure(
    rng: random.Random, code: str, unit: str, base: float, trend: float | None = None
) -> Measure:
    return Measure(code, unit, base * rng.uniform(0.7, 1.3), trend or rng.uniform(0.97, 1.06))


def bracketed(code: str) -> str:
    """A code that is not a plain identifier is written in brackets: [N_Vis Metr]."""
    plain = code[:1].isalpha() and all(c.isalnum() or c in "_." for c in code)
    return code if plain else f"[{code}]"


def common_indicator(chamber: Chamber, spec: tuple) -> Indicator:
    code, name, unit, numerator_specs, denominator_spec, factor = spec
    rng = chamber.rng
    trend = rng.uniform(0.98, 1.04)
    if denominator_spec is None:
        numerators = [
            measure(rng, c, u, chamber.scale * rng.uniform(200, 1500), trend)
            for c, u in numerator_specs
        ]
        formula = " + ".join(bracketed(m.code) for m in numerators)
        return Indicator(code, name, formula, unit, numerators)
    volume = chamber.scale * rng.uniform(800, 4000)
    ratio = {"gg": rng.uniform(1.5, 6), "%": rng.uniform(0.55, 0.9), "€": rng.uniform(20, 90)}.get(
        unit, rng.uniform(0.7, 0.95)
    )
    numerators = [
        measure(rng, c, u, volume * ratio / len(numerator_specs), trend) for c, u in numerator_specs
    ]
    denominator = measure(rng, denominator_spec[0], denominator_spec[1], volume, trend)
    numerator_text = " + ".join(m.code for m in numerators)
    if len(numerators) > 1:
        numerator_text = f"({numerator_text})"
    if factor != 1:
        numerator_text = f"{factor} * {numerator_text}"
    formula = f"{numerator_text} / {denominator.code}"
    return Indicator(
        code, name, formula, unit, numerators, denominator, 100 if unit == "%" else factor
    )


def own_indicator(chamber: Chamber, code: str, serial: int, area: int, strategic: int) -> Indicator:
    rng = chamber.rng
    kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
    prefix = f"D{area}.{strategic}_{serial}"
    scale = chamber.scale
    if kind == "count":
        single = measure(rng, prefix, "N.", scale * rng.uniform(10, 2000))
        return Indicator(code, "Numero iniziative realizzate nell'anno", prefix, "N.", [single])
    if kind == "sum":
        parts = [
            measure(rng, f"{prefix}{chr(97 + i)}", "N.", scale * rng.uniform(20, 900))
            for i in range(rng.choice([2, 3, 3, 4]))
        ]
        name = "Partecipanti alle iniziative promosse dalla Camera di commercio nell'anno"
        return Indicator(code, name, " + ".join(m.code for m in parts), "N.", parts)
    if kind == "percent":
        # A code starting with a digit is bracketed, as Modena's [401.50].
        single = measure(rng, f"{area}{strategic}.{serial}", "%", rng.uniform(40, 85), 1.0)
        return Indicator(
            code, "Tasso di sopravvivenza delle imprese a 3 anni", f"[{single.code}]", "%", [single]
        )
    if kind == "date":
        single = Measure(prefix, "date", 0.0, 1.0)
        deadline = (rng.choice([6, 9, 10, 11, 12]), 30)
        name = "Realizzazione del progetto entro la scadenza"
        return Indicator(code, name, prefix, "date", [single], deadline=deadline)
    volume = scale * rng.uniform(100, 5000)
    trend = rng.uniform(0.97, 1.06)
    if kind == "ratio_pct":
        numerator = measure(rng, f"{prefix}_num", "N.", volume * rng.uniform(0.45, 0.75), trend)
        denominator = measure(rng, f"{prefix}_den", "N.", volume, trend)
        name = "Tasso di evasione delle richieste nei termini"
        return Indicator(
            code, name, f"{numerator.code} / {denominator.code}", "%", [numerator], denominator, 100
        )
    if kind == "ratio_eur":
        numerator = measure(rng, f"{prefix}_num", "€", volume * rng.uniform(30, 300), trend)
        denominator = measure(rng, f"{prefix}_den", "N.", volume, trend)
        name = "Risorse medie per impresa beneficiaria"
        return Indicator(
            code, name, f"{numerator.code} / {denominator.code}", "€", [numerator], denominator
        )
    days = measure(rng, f"{prefix}_gg", "gg", volume * rng.uniform(1.5, 20), trend)
    cases = measure(rng, f"{prefix}_n", "N.", volume, trend)
    name = "Tempo medio di evasione delle pratiche"
    return Indicator(code, name, f"({days.code}) / {cases.code}", "gg", [days], cases)


def build_plan(chamber: Chamber, size: Size) -> list[tuple]:
    """The chamber's plan tree: (node_code, level, parent, title, owner, weight, indicators)."""
    rng = chamber.rng
    nodes: list[tuple] = []
    commons = iter(COMMON_INDICATORS)
    area_weights = split_weights(size.areas, rng, even=True)
    serial = 0
    for a in range(1, size.areas + 1):
        area_code = str(a)
        title = AREA_TITLES[(a - 1) % len(AREA_TITLES)]
        nodes.append((area_code, "area", "", title, "", area_weights[a - 1], []))
        strategic_weights = split_weights(size.strategic_per_area, rng, even=rng.random() < 0.5)
        for s in range(1, size.strategic_per_area + 1):
            strategic_code = f"{a}.S{s}"
            title = f"Obiettivo strategico {a}.{s}"
            nodes.append(
                (
                    strategic_code,
                    "strategic_objective",
                    area_code,
                    title,
                    "",
                    strategic_weights[s - 1],
                    [],
                )
            )
            operational_weights = split_weights(size.operational_per_strategic, rng, even=False)
            for o in range(1, size.operational_per_strategic + 1):
                node_code = f"{a}.S{s}.O{o}"
                indicators = []
                for slot in range(1, 4):
                    spec = next(commons, None) if slot == 1 else None
                    if spec is not None:
                        indicators.append(common_indicator(chamber, spec))
                    else:
                        serial += 1
                        indicators.append(
                            own_indicator(chamber, f"{node_code}.{slot}", serial, a, s)
                        )
                # Now and then the third indicator is monitored only: weight 0, target N/D.
                indicators[2].weight_zero = rng.random() < 0.08
                nodes.append(
                    (
                        node_code,
                        "operational_objective",
                        strategic_code,
                        f"Obiettivo operativo {a}.{s}.{o}",
                        f"Dirigente Area {a}",
                        operational_weights[o - 1],
                        indicators,
                    )
                )
                chamber.indicators.extend(indicators)
    return nodes


def target_text(indicator: Indicator, year: int, offset: int, rng: random.Random) -> str:
    if indicator.weight_zero:
        return "N/D"
    if indicator.unit == "date":
        month, day = indicator.deadline
        return f"Entro {day:02d}-{month:02d}-{year}"
    level = indicator.expected(offset) * rng.uniform(0.85, 1.12)
    if indicator.unit == "gg":
        return f"<= {italian(level, 1, thousands=False)} gg"
    if indicator.unit == "%":
        value = italian(min(99.0, level), 2)
        return rng.choice([">= ", "≥ "]) + f"{value}%"
    if indicator.unit == "€":
        return f">= {italian(level, 0)} €"
    return rng.choice([">= ", "≥ "]) + f"{italian(round(level), 0)} N."


CYCLE_YEARS = 3


def cycles(size: Size) -> list[str]:
    """Triennial plan cycles covering the years ('2021-2023', '2024-2026')."""
    result = []
    start = size.first_year - (size.first_year % CYCLE_YEARS)
    while start < size.first_year + size.years:
        result.append(f"{start}-{start + CYCLE_YEARS - 1}")
        start += CYCLE_YEARS
    return result


QUARTER_ENDS = {1: (3, 31), 2: (6, 30), 3: (9, 30)}
BAD_VALUES = ["12,3,4", "1.4", "circa 40", "--", "n.p.", "3,5%%"]


def measure_rows(chamber: Chamber, size: Size, seed: int, add) -> None:
    """Year-to-date quarterly and yearly measure rows of one chamber, with a few bad ones."""
    rng = random.Random(f"{seed}:{chamber.code}:measures")
    measures: dict[str, Measure] = {}
    deadlines: dict[str, tuple[int, int]] = {}
    for indicator in chamber.indicators:
        for item in indicator.measures:
            measures.setdefault(item.code, item)
            if indicator.deadline:
                deadlines[item.code] = indicator.deadline
    for offset in range(size.years):
        year = size.first_year + offset
        # Share of the year reached at each quarter end: uneven, increasing, the same for the chamber.
        cuts = sorted(rng.uniform(0.1, 0.95) for _ in range(3))
        periods = [
            (f"{year}-Q{q}", date(year, *QUARTER_ENDS[q]), cuts[q - 1]) for q in (1, 2, 3)
        ] + [(str(year), date(year, 12, 31), 1.0)]
        for code, item in measures.items():
            annual = item.annual(offset) * rng.uniform(0.85, 1.15)
            completion = None
            if item.unit == "date":
                month, day = deadlines[code]
                completion = date(year, month, day) + timedelta(days=rng.randint(-120, 25))
            for period, end, share in periods:
                extracted_at = f"{end + timedelta(days=20)} 08:00:00"
                if item.unit == "date":
                    if completion.year != year or completion > end:
                        continue  # not completed yet: no row
                    value = completion.strftime("%d-%m-%Y")
                elif item.unit == "%":
                    value = italian(
                        min(100.0, annual * rng.uniform(0.97, 1.03)), 1, thousands=False
                    )
                elif item.unit == "N.":
                    value = italian(round(annual * share), 0, thousands=rng.random() < 0.7)
                else:
                    value = italian(annual * share, 2, thousands=rng.random() < 0.5)
                draw = rng.random()
                if draw < 0.005:
                    value = rng.choice(BAD_VALUES)
                elif draw < 0.010:
                    value = "N/D"
                elif draw < 0.012:
                    value = ""
                elif draw < 0.014 and item.unit == "N.":
                    value = f"-{rng.randint(1, 50)}"
                add(chamber.code, period, code, value, item.unit, extracted_at)
                if draw > 0.996:
                    # The same key twice in one extraction: both rows are quarantined.
                    add(chamber.code, period, code, value + "1", item.unit, extracted_at)


class TableWriter:
    """Rows of one raw table (all text), written as Parquet and/or CSV in chunks (stress is 14 M rows)."""

    CHUNK = 250_000

    def __init__(
        self, name: str, out: Path, formats: list[str], connection: duckdb.DuckDBPyConnection
    ) -> None:
        self.name, self.out, self.formats, self.connection = name, out, formats, connection
        self.columns = COLUMNS[name]
        self.rows: list[tuple] = []
        self.count = 0
        if "csv" in formats:
            self.handle = (out / f"{name}.csv").open("w", newline="", encoding="utf-8")
            self.csv = csv.writer(self.handle, lineterminator="\n")
            self.csv.writerow(self.columns)
        if "parquet" in formats:
            columns = ", ".join(f'"{c}" varchar' for c in self.columns)
            connection.execute(f'create table "{name}" ({columns})')

    @property
    def next_row(self) -> int:
        """source_row of the next row: its line in the file (1 = first data row)."""
        return self.count + 1

    def add(self, *values) -> None:
        self.rows.append(tuple("" if v is None else str(v) for v in values))
        self.count += 1
        if len(self.rows) >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        if "csv" in self.formats:
            self.csv.writerows(self.rows)
        if "parquet" in self.formats and self.rows:
            # Column-wise through pandas: DuckDB reads the frame directly. Empty text is null,
            # as a CSV seed loads an empty field.
            frame = pandas.DataFrame(
                {
                    c: pandas.Series([r[i] for r in self.rows], dtype="object")
                    for i, c in enumerate(self.columns)
                }
            )
            self.connection.register("frame", frame)
            columns = ", ".join(f"nullif(\"{c}\", '')" for c in self.columns)
            self.connection.execute(f'insert into "{self.name}" select {columns} from frame')
            self.connection.unregister("frame")
        self.rows = []

    def close(self) -> int:
        self.flush()
        if "csv" in self.formats:
            self.handle.close()
        if "parquet" in self.formats:
            target = str(self.out / f"{self.name}.parquet").replace("'", "''")
            self.connection.execute(
                f"copy \"{self.name}\" to '{target}' (format parquet, compression zstd)"
            )
            self.connection.execute(f'drop table "{self.name}"')
        return self.count


def generate(size_name: str, out: Path, formats: list[str], seed: int = 2024) -> dict[str, int]:
    """Write every raw table of one size into `out`; returns the row count of each."""
    size = SIZES[size_name]
    out.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect()
    tables = {name: TableWriter(name, out, formats, connection) for name in COLUMNS}
    measures = tables["raw_measure_values"]

    def add_measure(entity, period, code, value, unit, extracted_at):
        measures.add(measures.next_row, entity, period, code, value, unit, SOURCE, extracted_at)

    for chamber in chamber_list(size.chambers, seed):
        tables["raw_entities"].add(chamber.code, chamber.name, chamber.province, chamber.region)
        nodes = build_plan(chamber, size)
        rng = chamber.rng
        for cycle in cycles(size):
            for node_code, level, parent, title, owner, weight, indicators in nodes:
                tables["raw_plan_nodes"].add(
                    chamber.code,
                    cycle,
                    tables["raw_plan_nodes"].next_row,
                    node_code,
                    node_code,
                    level,
                    parent,
                    "",
                    title,
                    owner,
                    weight,
                )
                scored = [i for i in indicators if not i.weight_zero]
                weights = iter(split_weights(len(scored), rng, even=False))
                for indicator in indicators:
                    weight_raw = "0,00" if indicator.weight_zero else next(weights)
                    tables["raw_indicator_assignments"].add(
                        chamber.code,
                        cycle,
                        tables["raw_indicator_assignments"].next_row,
                        node_code,
                        indicator.code,
                        weight_raw,
                    )
        for indicator in chamber.indicators:
            tables["raw_indicators"].add(
                chamber.code,
                tables["raw_indicators"].next_row,
                indicator.code,
                indicator.name,
                f"{indicator.name} {indicator.formula}",
                indicator.formula,
                indicator.formula,
                indicator.unit,
            )
            for offset in range(size.years):
                year = size.first_year + offset
                text = target_text(indicator, year, offset, rng)
                draw = rng.random()
                if draw < 0.004:
                    text = "circa " + text.split(" ", 1)[-1]
                elif draw < 0.008 and indicator.unit == "date":
                    text = f"Entro 31-02-{year}"
                targets = tables["raw_targets"]
                targets.add(chamber.code, indicator.code, year, text, targets.next_row)
        measure_rows(chamber, size, seed, add_measure)
        tables["raw_indicator_accumulation"].add(
            chamber.code,
            "C2.4_03",
            "stock",
            "Metric inspections are reported as the register's running total: a level, not a yearly count.",
        )
    counts = {name: table.close() for name, table in tables.items()}
    connection.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--format", choices=["parquet", "csv", "both"], default="parquet")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    formats = ["parquet", "csv"] if args.format == "both" else [args.format]
    counts = generate(args.size, args.out, formats, args.seed)
    for name, count in counts.items():
        print(f"{name:28} {count:>12,} rows")
    print(f"written to {args.out.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
