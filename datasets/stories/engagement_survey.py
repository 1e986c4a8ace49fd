"""Brannock Kitchenworks' annual engagement survey, October 2024.

Brannock Kitchenworks is a fictional 120-person B2B firm that makes and distributes commercial
kitchen equipment (prep tables, extraction hoods, dishwash lines) for restaurants, hotels and
caterers. In October 2024 it ran its annual engagement survey: 102 of its 119 staff answered
twelve statements, three for each of the four cultural traits that drive alignment
(adaptability, transparency, accountability, continuous improvement), the eNPS question, and an
optional comment.

What a learner should be able to find:
- Transparency is the weakest trait company-wide (mean item score about 2.8 out of 5; the
  others are about 3.2 to 3.4).
- The Warehouse team (at the distribution centre, where a rotating shift pattern came in in
  March 2024) is the unhappy one: its eNPS is strongly negative (detractors are the majority)
  and its transparency scores are the lowest of all teams (about 2.1). Its comments talk about
  the rota, short staffing and hearing news last. hr_headcount.csv shows its turnover spike.
- Sales scores highest on accountability (about 4.0) and has the best eNPS of the teams with
  at least 5 respondents (about +40, against about -60 in the Warehouse and about 0 overall).
- Finance & HR (4 respondents) and Product (3) are below the anonymity threshold of 5: their
  results must not be shown on their own, and because sibling groups are suppressed together,
  they cannot be recovered by subtraction either.
- The three items of each trait correlate (Cronbach's alpha about 0.65 to 0.8), because the
  answers come from a latent-trait model: company mean + team effect + person effects + item
  noise, cut into the five answer categories.

No item is reverse-keyed: for every item, 5 (strongly agree) is the favourable answer.
"""
import numpy as np
import pandas as pd

TEAMS = ["Sales", "Operations", "Warehouse", "Customer Service", "Finance & HR", "Product"]
ROLE_LEVELS = ["individual contributor", "team lead", "manager"]
TENURE_BANDS = ["<1 year", "1-3 years", "3-5 years", "5+ years"]
LOCATIONS = ["Head office", "Plant", "Distribution centre"]

# The statements, written for this kit (not taken from any published instrument).
ITEMS = {
    "adapt_1": "When priorities change, my team adjusts quickly.",
    "adapt_2": "We are encouraged to try new ways of working, even if some of them fail.",
    "adapt_3": "When a customer's needs change, we can change how we work to meet them.",
    "transp_1": "I understand why important decisions in this company are made.",
    "transp_2": "Managers share information openly, including bad news.",
    "transp_3": "I hear about changes that affect my work before they happen.",
    "account_1": "People here do what they say they will do.",
    "account_2": "When something goes wrong, we look for the fix, not someone to blame.",
    "account_3": "I know exactly what I am responsible for and how my work is judged.",
    "improve_1": "We regularly look back at our work to find ways to do it better.",
    "improve_2": "Suggestions for improvement from people like me get acted on.",
    "improve_3": "I have had the chance to learn something new at work in the past six months.",
}
TRAITS = {
    "adaptability": ["adapt_1", "adapt_2", "adapt_3"],
    "transparency": ["transp_1", "transp_2", "transp_3"],
    "accountability": ["account_1", "account_2", "account_3"],
    "continuous_improvement": ["improve_1", "improve_2", "improve_3"],
}
LIKERT = ("1 = strongly disagree, 2 = disagree, 3 = neither agree nor disagree, 4 = agree, "
          "5 = strongly agree")
ENPS_QUESTION = (
    "How likely is it that you would recommend Brannock Kitchenworks as a place to work to a "
    "friend? (0 = not at all likely, 10 = extremely likely)"
)

# Respondents per team (119 staff in October 2024, see hr_headcount.csv; Finance & HR and
# Product answer with fewer than 5 people on purpose).
RESPONDENTS = {"Sales": 19, "Operations": 35, "Warehouse": 25, "Customer Service": 16,
               "Finance & HR": 4, "Product": 3}


def _likert_field(item: str) -> dict:
    trait = next(t for t, ids in TRAITS.items() if item in ids)
    return {
        "name": item, "type": "integer",
        "title": f"{trait.replace('_', ' ').capitalize()} {item[-1]}",
        "description": f'Agreement with "{ITEMS[item]}" Trait: {trait.replace("_", " ")}. '
                       f"{LIKERT}. Unit: points (1-5).",
        "constraints": {"required": True, "minimum": 1, "maximum": 5},
    }


RESOURCE = {
    "name": "engagement_survey",
    "title": "Brannock Kitchenworks engagement survey, October 2024",
    "description": (
        "One row per respondent (102 of 119 staff) of a fictional kitchen-equipment firm's "
        "annual survey: twelve 1-5 agreement statements, three for each of adaptability, "
        "transparency, accountability and continuous improvement, plus eNPS and an optional "
        "comment. Transparency is the weakest trait; the Warehouse team has a strongly negative "
        "eNPS and the lowest transparency; Sales leads on accountability; Finance & HR and "
        "Product have fewer than 5 respondents, so anonymity rules apply."
    ),
    "seed": 20241014,
    "schema": {
        "fields": [
            {"name": "respondent_id", "type": "string", "title": "Respondent",
             "description": "Anonymous respondent code, R001 to R102, in order of submission. "
                            "Unit: none.",
             "constraints": {"required": True, "unique": True}},
            {"name": "team", "type": "string", "title": "Team",
             "description": "The respondent's team. Unit: none.",
             "constraints": {"required": True, "enum": TEAMS}},
            {"name": "role_level", "type": "string", "title": "Role level",
             "description": "The respondent's level: individual contributor, team lead "
                            "(leads a shift or a small group) or manager. Unit: none.",
             "constraints": {"required": True, "enum": ROLE_LEVELS}},
            {"name": "tenure_band", "type": "string", "title": "Tenure",
             "description": "Time with the company, in bands. Unit: years (banded).",
             "constraints": {"required": True, "enum": TENURE_BANDS}},
            {"name": "location", "type": "string", "title": "Location",
             "description": "Site the respondent works at: Head office (sales, service, "
                            "finance, product), Plant (production) or Distribution centre "
                            "(warehouse). Unit: none.",
             "constraints": {"required": True, "enum": LOCATIONS}},
            *[_likert_field(item) for item in ITEMS],
            {"name": "enps", "type": "integer", "title": "eNPS answer",
             "description": f"Answer to: {ENPS_QUESTION} 9-10 = promoter, 7-8 = passive, "
                            "0-6 = detractor; eNPS = % promoters - % detractors. "
                            "Unit: points (0-10).",
             "constraints": {"required": True, "minimum": 0, "maximum": 10}},
            {"name": "comment", "type": "string", "title": "Comment",
             "description": 'Optional answer to "Anything else you want to tell us?"; empty '
                            "when the respondent wrote nothing. Unit: none.",
             "constraints": {"required": False}},
        ],
        "primaryKey": ["respondent_id"],
    },
}

# Latent-trait model, on the 1-5 answer scale.
COMPANY_MEAN = {"adaptability": 3.45, "transparency": 2.85, "accountability": 3.35,
                "continuous_improvement": 3.3}
TEAM_EFFECT = {  # team x trait shifts of the latent mean
    "Sales": {"adaptability": 0.2, "transparency": 0.15, "accountability": 0.65,
              "continuous_improvement": 0.0},
    "Operations": {"adaptability": -0.1, "transparency": 0.05, "accountability": 0.0,
                   "continuous_improvement": 0.3},
    "Warehouse": {"adaptability": -0.3, "transparency": -0.75, "accountability": -0.35,
                  "continuous_improvement": -0.4},
    "Customer Service": {"adaptability": 0.1, "transparency": -0.1, "accountability": 0.0,
                         "continuous_improvement": 0.05},
    "Finance & HR": {"adaptability": -0.1, "transparency": 0.5, "accountability": 0.1,
                     "continuous_improvement": 0.0},
    "Product": {"adaptability": 0.5, "transparency": 0.3, "accountability": 0.0,
                "continuous_improvement": 0.35},
}
ITEM_OFFSET = {  # some statements are easier to agree with than others
    "adapt_1": 0.1, "adapt_2": -0.1, "adapt_3": 0.0,
    "transp_1": 0.0, "transp_2": -0.15, "transp_3": 0.1,
    "account_1": 0.0, "account_2": -0.15, "account_3": 0.15,
    "improve_1": 0.05, "improve_2": -0.2, "improve_3": 0.15,
}
ROLE_EFFECT = {"individual contributor": 0.0, "team lead": 0.1, "manager": 0.3}
# eNPS answer: base + team shift + weight x the person's overall latent level.
ENPS_BASE = 7.7
ENPS_TEAM = {"Sales": 0.8, "Operations": 0.2, "Warehouse": -1.0, "Customer Service": 0.0,
             "Finance & HR": 0.4, "Product": 0.8}

TEAM_LOCATION = {"Sales": "Head office", "Operations": "Plant", "Warehouse": "Distribution centre",
                 "Customer Service": "Head office", "Finance & HR": "Head office",
                 "Product": "Head office"}
TENURE_PROBS = {  # the warehouse has many recent hires (high turnover since the new rota)
    "Sales": [0.15, 0.3, 0.25, 0.3], "Operations": [0.1, 0.25, 0.25, 0.4],
    "Warehouse": [0.45, 0.3, 0.1, 0.15], "Customer Service": [0.2, 0.4, 0.2, 0.2],
    "Finance & HR": [0.0, 0.25, 0.25, 0.5], "Product": [0.0, 0.34, 0.33, 0.33],
}
# (team leads, managers) per team; the rest are individual contributors.
LEADERS = {"Sales": (2, 1), "Operations": (4, 2), "Warehouse": (3, 1), "Customer Service": (2, 1),
           "Finance & HR": (0, 1), "Product": (0, 1)}

# Comment pools, written for this kit. A comment is picked from the pool that fits the
# respondent's answers, preferring comments not used yet, so most comments are distinct.
COMMENTS = {
    "warehouse_low": [
        "The new rota means I never know my weekends more than two weeks ahead.",
        "We hear about changes at the DC last, usually from the drivers.",
        "Since the shift change half of the people I trained have left.",
        "Nobody asked us before changing the shift pattern.",
        "Too much overtime to cover for people who quit.",
        "Head office should come and see how the night shift works.",
        "Pick lists change during the shift and nobody explains why.",
        "Good team on the floor but management does not listen.",
        "I am looking for something with regular hours.",
        "Rotating nights and weekends is hard with kids.",
        "New starters get one day of training and then they are on their own.",
        "The rota was decided in a meeting we were not invited to.",
        "We are always short on the late shift.",
        "The shift allowance does not make up for losing weekends.",
    ],
    "transparency_low": [
        "Decisions just appear in an email, we never hear the reasons.",
        "I would like to know how the company is actually doing.",
        "More honesty about the bad news please, we hear it anyway.",
        "The town halls are fine but the real decisions happen elsewhere.",
        "Hard to see how my work connects to the big goals.",
        "Information depends on which manager you have.",
        "We found out about the price increase from a customer.",
        "Please share the numbers, not just the good ones.",
        "Rumours travel faster than the official news here.",
        "Why things are decided is never explained.",
    ],
    "improve_low": [
        "We raise the same problems every month and nothing changes.",
        "Training budget seems to be the first thing cut.",
        "Our ideas go into a box and disappear.",
        "No time to improve anything, we are always firefighting.",
        "Lessons learned meetings happen but nothing follows.",
    ],
    "positive": [
        "Good colleagues, that is why I stay.",
        "The new quarterly goals make it clearer what matters.",
        "Proud of the quality of what we build.",
        "Flexible hours are a big plus.",
        "The lean workshops on the line were really useful.",
        "Happy here, keep the team lunches.",
        "Much better than last year.",
        "My manager gives me room to decide.",
        "I like that we fix things fast when a customer calls.",
        "Good to see the improvement board actually used.",
        "Friendly place, people help each other.",
        "The monthly review of goals helps, please keep it.",
        "I feel trusted to do my job.",
        "Nice to work on products customers are happy with.",
        "Onboarding was well organised.",
    ],
    "neutral": [
        "The ERP system is slow and costs us time every day.",
        "Parking at the plant is a daily problem.",
        "More cross-team meetings between sales and production would help.",
        "Pay is ok but not above the market.",
        "Customer service needs better access to stock levels.",
        "Too many priorities at once this year.",
        "Would be good to have clearer career steps.",
        "The survey is too long.",
        "Canteen food could be better.",
        "Quotes take too long because specs change after the order.",
        "The new CRM is better but nobody explained the workflow.",
        "We need a second forklift driver on the early shift.",
        "Month end is always a rush, the closing process could be simpler.",
        "Prototype parts take weeks to arrive from purchasing.",
        "Some machines on line 2 need replacing.",
        "Office is too warm in summer.",
        "Good job overall, but workload is uneven across the team.",
    ],
}
COMMENT_RATE = {"Warehouse": 0.7}  # others: 0.45
# Comments that only make sense from some teams (the others fit anyone).
COMMENT_TEAMS = {
    "Flexible hours are a big plus.": {"Sales", "Customer Service", "Finance & HR", "Product"},
    "The lean workshops on the line were really useful.": {"Operations"},
    "Parking at the plant is a daily problem.": {"Operations"},
    "Customer service needs better access to stock levels.": {"Customer Service", "Sales"},
    "More cross-team meetings between sales and production would help.":
        {"Sales", "Operations", "Customer Service", "Product"},
    "I like that we fix things fast when a customer calls.": {"Customer Service", "Sales"},
    "Quotes take too long because specs change after the order.": {"Sales", "Customer Service"},
    "We found out about the price increase from a customer.": {"Sales", "Customer Service"},
    "The new CRM is better but nobody explained the workflow.": {"Sales", "Customer Service"},
    "We need a second forklift driver on the early shift.": {"Warehouse"},
    "Month end is always a rush, the closing process could be simpler.": {"Finance & HR"},
    "Prototype parts take weeks to arrive from purchasing.": {"Product"},
    "Some machines on line 2 need replacing.": {"Operations"},
    "Office is too warm in summer.": {"Sales", "Customer Service", "Finance & HR", "Product"},
    "Nice to work on products customers are happy with.": {"Product", "Operations", "Sales"},
}


def _cut(latent: np.ndarray) -> np.ndarray:
    return np.clip(np.floor(latent + 0.5), 1, 5).astype(int)


def generate(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    for team, n in RESPONDENTS.items():
        leads, managers = LEADERS[team]
        roles = ["manager"] * managers + ["team lead"] * leads
        roles += ["individual contributor"] * (n - len(roles))
        tenure = rng.choice(TENURE_BANDS, size=n, p=TENURE_PROBS[team])
        for i in range(n):
            location = TEAM_LOCATION[team]
            if team == "Product" and i == n - 1:
                location = "Plant"  # the product engineer who sits with production
            rows.append({"team": team, "role_level": roles[i], "tenure_band": str(tenure[i]),
                         "location": location})
    df = pd.DataFrame(rows)
    n = len(df)

    general = rng.normal(0.0, 0.45, size=n)  # the person's overall mood
    role = df["role_level"].map(ROLE_EFFECT).to_numpy()
    trait_levels = {}
    for trait, items in TRAITS.items():
        team_shift = df["team"].map(lambda t, trait=trait: TEAM_EFFECT[t][trait]).to_numpy()
        level = COMPANY_MEAN[trait] + team_shift + role + general + rng.normal(0.0, 0.4, size=n)
        trait_levels[trait] = level
        for item in items:
            df[item] = _cut(level + ITEM_OFFSET[item] + rng.normal(0.0, 0.55, size=n))

    overall = np.mean([trait_levels[t] - COMPANY_MEAN[t] for t in TRAITS], axis=0)
    enps = (ENPS_BASE + df["team"].map(ENPS_TEAM).to_numpy() + 1.6 * overall
            + rng.normal(0.0, 1.4, size=n))
    df["enps"] = np.clip(np.round(enps), 0, 10).astype(int)

    comments = []
    used = set()
    for idx in range(n):
        team = df.at[idx, "team"]
        if rng.random() >= COMMENT_RATE.get(team, 0.45):
            comments.append(None)
            continue
        transp = df.loc[idx, TRAITS["transparency"]].mean()
        improve = df.loc[idx, TRAITS["continuous_improvement"]].mean()
        if team == "Warehouse" and df.at[idx, "enps"] <= 6:
            pool = "warehouse_low"
        elif transp <= 2.5:
            pool = "transparency_low"
        elif improve <= 2.5:
            pool = "improve_low"
        elif df.at[idx, "enps"] >= 9:
            pool = "positive"
        else:
            pool = "neutral" if rng.random() < 0.6 else "positive"
        fits = [c for c in COMMENTS[pool] if team in COMMENT_TEAMS.get(c, {team})]
        fresh = [c for c in fits if c not in used] or fits  # repeat only when all are used
        choice = fresh[int(rng.integers(len(fresh)))]
        used.add(choice)
        comments.append(choice)
    df["comment"] = pd.Series(comments, dtype="object")

    # Submission order: shuffle, then number the respondents.
    df = df.iloc[rng.permutation(n)].reset_index(drop=True)
    df.insert(0, "respondent_id", [f"R{i:03d}" for i in range(1, n + 1)])
    columns = [f["name"] for f in RESOURCE["schema"]["fields"]]
    return df[columns]
