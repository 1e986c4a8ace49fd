"""Hofstede's six dimensions of national culture for twelve countries. Real data, not synthetic.

The values are copied unchanged from the file 6-dimensions-for-website-2015-08-16.csv, the
"Dimension data matrix" published on geerthofstede.com (version 2015-08-16), whose scores
are those of G. Hofstede, G. J. Hofstede and M. Minkov, *Cultures and Organizations:
Software of the Mind* (3rd ed., McGraw-Hill, 2010). The long-term orientation column is the
file's WVS-based `ltowvs` column. The file is free to use for research and education; any
commercial use needs permission from its owners (see RESOURCE["licenses"]).

What a learner should find, and keep in mind:

- Countries an SMB often works across differ a lot: e.g. power distance is 31 in Sweden
  and 81 in Mexico; masculinity is 5 in Sweden and 95 in Japan; South Korea has the
  highest long-term orientation (100) and Mexico the highest indulgence (97).
- Scores are relative positions of countries (comparisons between countries), measured on
  matched national samples. They describe countries, not individuals or firms: a Swedish
  employee is not "5 % masculine". Use them to prepare questions for a cross-border team,
  not to predict how one person will behave.

`generate` ignores its random generator and returns the same twelve rows every time.
"""

import pandas as pd

SOURCE_FILE = "6-dimensions-for-website-2015-08-16.csv"
SOURCE_PAGE = "https://geerthofstede.com/research-and-vsm/dimension-data-matrix/"

# (ctr, readable name, name in the file, pdi, idv, mas, uai, ltowvs, ivr), as in the file.
ROWS = [
    ("USA", "United States", "U.S.A.", 40, 91, 62, 46, 26, 68),
    ("GBR", "United Kingdom", "Great Britain", 35, 89, 66, 35, 51, 69),
    ("GER", "Germany", "Germany", 35, 67, 66, 65, 83, 40),
    ("FRA", "France", "France", 68, 71, 43, 86, 63, 48),
    ("NET", "Netherlands", "Netherlands", 38, 80, 14, 53, 67, 68),
    ("SWE", "Sweden", "Sweden", 31, 71, 5, 29, 53, 78),
    ("JPN", "Japan", "Japan", 54, 46, 95, 92, 88, 42),
    ("CHI", "China", "China", 80, 20, 66, 30, 87, 24),
    ("IND", "India", "India", 77, 48, 56, 40, 51, 26),
    ("BRA", "Brazil", "Brazil", 69, 38, 49, 76, 44, 59),
    ("MEX", "Mexico", "Mexico", 81, 30, 69, 82, 24, 97),
    ("KOR", "South Korea", "Korea South", 60, 18, 39, 85, 100, 29),
]

_RANGE_NOTE = (
    " The source file allows scores below 0 or above 100 for a few countries outside this "
    "table; for these twelve every score lies between 0 and 100. Scores are relative and "
    "country-level: they compare national averages, not individuals."
)


def _dimension(name, title, meaning):
    return {
        "name": name, "type": "integer", "title": title,
        "description": meaning + _RANGE_NOTE + " Unit: index points (0-100 here).",
        "constraints": {"required": True, "minimum": 0, "maximum": 100},
    }


RESOURCE = {
    "name": "country_culture",
    "title": "Hofstede's six dimensions of national culture, twelve countries",
    "description": (
        "Real scores, not synthetic: Hofstede's six dimensions of national culture (power "
        "distance, individualism, masculinity, uncertainty avoidance, long-term orientation, "
        "indulgence) for twelve countries, copied from the Dimension data matrix file "
        f"{SOURCE_FILE} on geerthofstede.com. Use them to discuss what a cross-border SMB "
        "team may bring with it; scores describe countries, not individual people. Free "
        "for research and education; commercial use requires permission."
    ),
    "seed": None,
    "sources": [
        {
            "title": (
                f"Dimension data matrix, file {SOURCE_FILE} (version 2015-08-16), "
                "geerthofstede.com; scores from G. Hofstede, G. J. Hofstede and M. Minkov, "
                "Cultures and Organizations: Software of the Mind, 3rd ed., McGraw-Hill, "
                "2010"
            ),
            "path": SOURCE_PAGE,
        }
    ],
    "licenses": [
        {
            "name": "other-nc",
            "title": (
                "Hofstede dimension data matrix: free for research and education use; "
                "commercial use requires permission from Geert Hofstede BV / Hofstede "
                "Insights"
            ),
            "path": SOURCE_PAGE,
        }
    ],
    "schema": {
        "fields": [
            {"name": "country_code", "type": "string", "title": "Country code",
             "description": "The source file's own three-letter country code (column "
                            "'ctr'); not ISO 3166: Germany is GER, the Netherlands NET, "
                            "China CHI. Unit: none (identifier).",
             "constraints": {"required": True, "unique": True}},
            {"name": "country", "type": "string", "title": "Country",
             "description": "Readable country name used in the kit. Unit: none.",
             "constraints": {"required": True, "unique": True}},
            {"name": "source_name", "type": "string", "title": "Name in the source",
             "description": "The country name exactly as written in the source file "
                            "(column 'country'), for matching with the original. "
                            "Unit: none.",
             "constraints": {"required": True, "unique": True}},
            _dimension("power_distance", "Power distance",
                       "Power distance (file column 'pdi'): how far the less powerful "
                       "accept and expect that power is unequally distributed; high means "
                       "steep hierarchies and deference to the boss."),
            _dimension("individualism", "Individualism",
                       "Individualism (file column 'idv'): how far people look after "
                       "themselves and their close family rather than belonging to "
                       "tightly knit, loyal groups; low means collectivist."),
            _dimension("masculinity", "Masculinity",
                       "Masculinity (file column 'mas'): how far a society values "
                       "achievement, competition and material success over caring, "
                       "modesty and quality of life; low means feminine."),
            _dimension("uncertainty_avoidance", "Uncertainty avoidance",
                       "Uncertainty avoidance (file column 'uai'): how uneasy people "
                       "feel in unclear or unknown situations, and how much they rely "
                       "on rules and structure to reduce that unease."),
            _dimension("long_term_orientation", "Long-term orientation",
                       "Long-term orientation: the file's WVS-based column 'ltowvs' "
                       "(computed from World Values Survey items, not the older Chinese "
                       "Value Survey scores): high means thrift, persistence and adapting "
                       "traditions to new circumstances; low means respect for tradition "
                       "and quick results."),
            _dimension("indulgence", "Indulgence",
                       "Indulgence (file column 'ivr'): how freely people allow "
                       "themselves to enjoy life and have fun; low means restraint, with "
                       "gratification curbed by strict social norms."),
        ],
        "primaryKey": ["country_code"],
    },
}


def generate(rng=None) -> pd.DataFrame:
    """The constant table; `rng` is ignored (the data are not synthetic)."""
    columns = [field["name"] for field in RESOURCE["schema"]["fields"]]
    frame = pd.DataFrame(ROWS, columns=columns)
    for column in columns[3:]:
        frame[column] = frame[column].astype("int64")
    return frame
