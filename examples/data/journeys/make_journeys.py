#!/usr/bin/python3
"""Write the bundled sample journey maps (invented, not measured).

Three journeys of the retail bank of the Kano and metrics samples next to
this folder: becoming a customer (onboarding.json), getting a card problem
fixed (support.json) and leaving the bank (offboarding.json).  Scores are
emotions on a 1-5 scale with 3 as neutral; durations are in minutes;
reach is the number of customers out of one month's cohort.

Run from anywhere with Debian's Python (standard library only):

    /usr/bin/python3 examples/data/journeys/make_journeys.py

The files are written in the canonical form of the libcx writer
(cx_journey_to_json() with an indent of 2): members in the documented
order (docs/journey-format.md), unset members left out, unknown members
after the known ones in the order they are given, so loading and saving a
file with libcx gives the same bytes (tests/c/test_journey_json.c and
tests/python/test_journey_schema.py check it).
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

TP_ORDER = ("id", "name", "description", "channel", "owner", "department",
            "layer", "actors", "score", "expectation", "experience",
            "adequate", "desired", "importance", "duration", "reach",
            "pain_points", "opportunities", "quotes", "moment_of_truth",
            "metrics")


def num(v):
    """Whole numbers as integers, as the C writer prints them."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def tp(tp_id, name, **fields):
    out = {"id": tp_id, "name": name}
    for key in TP_ORDER[2:]:
        value = fields.pop(key, None)
        if value is None or value == [] or value == {} or value is False:
            continue
        if key == "metrics":
            value = {k: num(v) for k, v in value.items()}
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            value = num(value)
        out[key] = value
    if fields:
        raise KeyError("unknown touchpoint fields: %s" % sorted(fields))
    return out


def stage(stage_id, name, description, touchpoints):
    return {"id": stage_id, "name": name, "description": description,
            "touchpoints": touchpoints}


def journey(journey_id, title, description, actors, stages):
    return {
        "format": "libcx-journey",
        "version": 1,
        "id": journey_id,
        "title": title,
        "description": description,
        "scale": {"min": 1, "max": 5, "neutral": 3},
        "actors": [{"id": a, "name": n} for a, n in actors],
        "stages": stages,
        # Not part of the model: libcx keeps it as an unknown member.
        "duration_unit": "minutes",
    }


ONBOARDING = journey(
    "onboarding", "Becoming a customer",
    "From first hearing of the bank to the first payment with the new "
    "account, for private customers who open a current account.",
    [("new-customer", "New customer"), ("advisor", "Advisor")],
    [
        stage("orientation", "Orientation",
              "The customer hears of the bank and looks around.", [
                  tp("friend-post", "Sees a friend's post about the bank",
                     channel="social", owner="social", layer="frontstage",
                     actors=["new-customer"], score=3.5, importance=3,
                     duration=2, reach=12000,
                     quotes=["My sister has been with them for a year and "
                             "never complained."]),
                  tp("account-page", "Reads the current-account page",
                     channel="web", owner="brand", department="Marketing",
                     layer="frontstage", actors=["new-customer"], score=4,
                     expectation=3.5, experience=4, importance=5, duration=6,
                     reach=6800,
                     opportunities=["Show the monthly fee next to the "
                                    "headline, not in the footnotes"]),
                  tp("app-reviews", "Reads the app's reviews in the store",
                     channel="app store", owner="social", layer="frontstage",
                     actors=["new-customer"], score=3, importance=4,
                     duration=5, reach=2400,
                     pain_points=["Old reviews complain about the identity "
                                  "check"]),
              ]),
        stage("comparison", "Comparison",
              "The customer weighs the offer against other banks.", [
                  tp("fee-calculator", "Compares fees with the calculator",
                     channel="web", owner="brand", department="Digital",
                     layer="frontstage", actors=["new-customer"], score=4,
                     expectation=3.5, experience=4.5, adequate=3, desired=4.5,
                     importance=7, duration=9, reach=4300,
                     metrics={"CSAT": 4.3}),
                  tp("advisor-call", "Calls an advisor with questions",
                     channel="phone", owner="brand",
                     department="Customer service", layer="frontstage",
                     actors=["new-customer", "advisor"], score=4.5,
                     expectation=3, experience=4.5, adequate=3, desired=4,
                     importance=6, duration=14, reach=950,
                     quotes=["She explained the overdraft in two minutes."],
                     moment_of_truth=True),
                  tp("branch-visit", "Drops in at a branch",
                     channel="store", owner="brand",
                     department="Branch network", layer="frontstage",
                     actors=["new-customer", "advisor"], score=4,
                     expectation=4, experience=4, importance=5, duration=35,
                     reach=620,
                     pain_points=["Needed an appointment for a simple "
                                  "question"]),
              ]),
        stage("sign-up", "Sign-up",
              "The customer applies, proves who they are and signs.", [
                  tp("online-application", "Fills in the online application",
                     channel="web", owner="brand", department="Digital",
                     layer="frontstage", actors=["new-customer"], score=3.5,
                     expectation=4, experience=3.5, adequate=3, desired=4.5,
                     importance=8, duration=12, reach=3300,
                     pain_points=["Asks for the tax number twice"],
                     opportunities=["Prefill the address from the postcode"],
                     metrics={"completion_rate": 0.88}),
                  tp("id-upload", "Uploads a photo of the identity card",
                     channel="app", owner="customer", department="Digital",
                     layer="frontstage", actors=["new-customer"], score=2.5,
                     expectation=4, experience=2.5, adequate=3, desired=4,
                     importance=7, duration=8, reach=2950,
                     pain_points=["Photo rejected for glare without saying "
                                  "why"]),
                  tp("video-ident", "Video identity check",
                     description="A call with an agent of the identity "
                                 "provider, who checks the card against "
                                 "the face.",
                     channel="app", owner="partner", department="Operations",
                     layer="frontstage", actors=["new-customer"], score=1.5,
                     expectation=3.5, experience=1.5, adequate=3, desired=4,
                     importance=9, duration=18, reach=2600,
                     pain_points=["Waiting room of 15 minutes or more",
                                  "Call drops on a weak connection and "
                                  "starts over"],
                     opportunities=["Offer the check through the online ID "
                                    "card function instead",
                                    "Call back instead of a waiting room"],
                     quotes=["I almost gave up in the waiting room.",
                             "Why do I have to hold my card next to my "
                             "face like a hostage?"],
                     moment_of_truth=True,
                     metrics={"CSAT": 2.9, "abandonment_rate": 0.14}),
                  tp("compliance-review", "Compliance review of the application",
                     owner="brand", department="Compliance",
                     layer="backstage", importance=6, duration=45,
                     reach=2450),
                  tp("contract-signing", "Signs the contract on screen",
                     channel="web", owner="brand", department="Digital",
                     layer="frontstage", actors=["new-customer"], score=3.5,
                     expectation=3.5, experience=3.5, importance=5,
                     duration=4, reach=2400),
              ]),
        stage("onboarding", "Onboarding",
              "The new customer starts to use the account.", [
                  tp("welcome-email", "Welcome e-mail with the first steps",
                     channel="email", owner="brand", department="Marketing",
                     layer="frontstage", actors=["new-customer"], score=4,
                     importance=4, duration=3, reach=2400),
                  tp("card-in-app", "Adds the card to the phone's wallet",
                     channel="app", owner="brand", department="Digital",
                     layer="frontstage", actors=["new-customer"], score=4.5,
                     expectation=3, experience=4.5, adequate=2.5, desired=4,
                     importance=6, duration=3, reach=2150,
                     quotes=["I paid for lunch the same day."],
                     moment_of_truth=True),
                  tp("biometric-setup", "Sets up fingerprint login",
                     channel="app", owner="brand", department="Digital",
                     layer="frontstage", actors=["new-customer"], score=4,
                     expectation=4, experience=4, importance=6, duration=2,
                     reach=1980),
                  tp("card-arrives", "The plastic card arrives by post",
                     channel="letter", owner="partner",
                     department="Operations", layer="frontstage",
                     actors=["new-customer"], score=3.5, importance=3,
                     duration=5, reach=1950,
                     pain_points=["PIN letter arrives two days after the "
                                  "card"]),
                  tp("first-payment", "Makes the first transfer",
                     channel="app", owner="customer", department="Digital",
                     layer="frontstage", actors=["new-customer"], score=4.5,
                     expectation=4, experience=4.5, adequate=3.5, desired=4.5,
                     importance=7, duration=3, reach=1800,
                     metrics={"CSAT": 4.6}),
              ]),
    ])

SUPPORT = journey(
    "support", "Getting a card problem fixed",
    "A customer's debit card is declined abroad; from noticing the problem "
    "through chat, phone or branch to a working card again.",
    [("cardholder", "Cardholder"), ("support-agent", "Support agent"),
     ("branch-advisor", "Branch advisor")],
    [
        stage("problem", "Problem",
              "The card stops working and the customer finds out why.", [
                  tp("card-declined", "Card declined at a shop abroad",
                     channel="point of sale", owner="partner",
                     layer="frontstage", actors=["cardholder"], score=1.5,
                     importance=9, duration=5, reach=1000,
                     quotes=["There was a queue behind me and no other "
                             "card in my wallet."],
                     moment_of_truth=True),
                  tp("fraud-alert", "Push message: card blocked for safety",
                     channel="app", owner="brand", department="Fraud",
                     layer="frontstage", actors=["cardholder"], score=2.5,
                     expectation=4, experience=2.5, importance=7, duration=1,
                     reach=820,
                     pain_points=["The message came ten minutes after the "
                                  "payment failed"],
                     opportunities=["Send the alert before declining the "
                                    "payment"]),
              ]),
        stage("contact", "Contact",
              "The customer asks the bank for help.", [
                  tp("chat-bot", "Asks the chat assistant",
                     channel="chat", owner="brand", department="Digital",
                     layer="frontstage", actors=["cardholder"], score=2,
                     expectation=3.5, experience=2, adequate=2.5, desired=4,
                     importance=6, duration=7, reach=600,
                     pain_points=["The assistant answers with the FAQ on "
                                  "lost cards"],
                     quotes=["I typed 'human' four times."]),
                  tp("live-chat", "Chats with an agent",
                     channel="chat", owner="brand",
                     department="Customer service", layer="frontstage",
                     actors=["cardholder", "support-agent"], score=3.5,
                     expectation=3.5, experience=3.5, adequate=3, desired=4,
                     importance=7, duration=12, reach=380,
                     metrics={"CSAT": 3.9}),
                  tp("hotline", "Calls the card hotline",
                     channel="phone", owner="brand",
                     department="Customer service", layer="frontstage",
                     actors=["cardholder", "support-agent"], score=2.5,
                     expectation=4, experience=2.5, adequate=3, desired=4.5,
                     importance=8, duration=21, reach=260,
                     pain_points=["Twelve minutes on hold",
                                  "Roaming charges for the call"],
                     opportunities=["Call the customer back on the app"],
                     metrics={"CSAT": 3.1, "hold_minutes": 12}),
                  tp("branch-help", "Goes to a branch after returning",
                     channel="store", owner="brand",
                     department="Branch network", layer="frontstage",
                     actors=["cardholder", "branch-advisor"], score=4,
                     expectation=3, experience=4, importance=5, duration=25,
                     reach=90),
              ]),
        stage("resolution", "Resolution",
              "The bank checks the payment and frees the card.", [
                  tp("identity-questions", "Answers security questions",
                     channel="phone", owner="brand",
                     department="Customer service", layer="frontstage",
                     actors=["cardholder", "support-agent"], score=3,
                     importance=5, duration=4, reach=640),
                  tp("fraud-review", "Fraud team reviews the payment",
                     owner="brand", department="Fraud", layer="backstage",
                     actors=["support-agent"], importance=8, duration=20,
                     reach=640),
                  tp("card-unblocked", "Card unblocked, confirmed in the app",
                     channel="app", owner="brand", department="Fraud",
                     layer="frontstage", actors=["cardholder"], score=4.5,
                     expectation=3.5, experience=4.5, adequate=3, desired=4,
                     importance=9, duration=1, reach=630,
                     quotes=["Thirty seconds after she clicked, the "
                             "payment went through."],
                     moment_of_truth=True),
              ]),
        stage("follow-up", "Follow-up",
              "The bank asks how it went.", [
                  tp("satisfaction-survey", "Answers the satisfaction survey",
                     channel="email", owner="brand",
                     department="Customer service", layer="frontstage",
                     actors=["cardholder"], score=3.5, importance=2,
                     duration=3, reach=210,
                     metrics={"CSAT": 3.8, "CES": 4.9}),
              ]),
    ])

OFFBOARDING = journey(
    "offboarding", "Leaving the bank",
    "A customer who moves to another bank closes the current account; the "
    "bank makes the exit easy so that the last impression is a good one.",
    [("leaving-customer", "Leaving customer"), ("advisor", "Advisor")],
    [
        stage("decision", "Decision",
              "The customer decides to leave.", [
                  tp("fee-increase", "Reads the notice of a fee increase",
                     channel="letter", owner="brand", department="Pricing",
                     layer="frontstage", actors=["leaving-customer"],
                     score=1.5, importance=8, duration=4, reach=1000,
                     quotes=["Eight euros a month for an account I barely "
                             "use?"]),
                  tp("retention-call", "Retention call from an advisor",
                     channel="phone", owner="brand",
                     department="Customer service", layer="frontstage",
                     actors=["leaving-customer", "advisor"], score=2.5,
                     expectation=3, experience=2.5, importance=4,
                     duration=9, reach=410,
                     pain_points=["The offer only holds for six months"]),
              ]),
        stage("closing", "Closing",
              "The account is emptied, moved and closed.", [
                  tp("switching-service", "Starts the switching service of "
                     "the new bank", channel="web", owner="partner",
                     layer="frontstage", actors=["leaving-customer"],
                     score=4, expectation=3, experience=4, importance=7,
                     duration=10, reach=900),
                  tp("closure-request", "Requests the closure in the app",
                     channel="app", owner="brand", department="Digital",
                     layer="frontstage", actors=["leaving-customer"],
                     score=3.5, expectation=2.5, experience=3.5, adequate=2,
                     desired=4, importance=6, duration=5, reach=880,
                     pain_points=["The closure form hides under 'Settings > "
                                  "More > Contract'"],
                     opportunities=["A visible 'close account' entry"],
                     moment_of_truth=True),
                  tp("balance-transfer", "Remaining balance transferred",
                     owner="brand", department="Operations",
                     layer="backstage", importance=7, duration=2, reach=880),
              ]),
        stage("farewell", "Farewell",
              "The relationship ends on a good note.", [
                  tp("closing-confirmation", "Receives the closing "
                     "confirmation", channel="email", owner="brand",
                     department="Operations", layer="frontstage",
                     actors=["leaving-customer"], score=4,
                     expectation=3, experience=4, importance=5, duration=2,
                     reach=870),
                  tp("data-export", "Downloads five years of statements",
                     channel="web", owner="brand", department="Digital",
                     layer="frontstage", actors=["leaving-customer"],
                     score=4.5, expectation=3, experience=4.5, importance=6,
                     duration=6, reach=520,
                     quotes=["Everything in one zip file, nicely done."],
                     moment_of_truth=True),
                  tp("exit-survey", "Answers a two-question exit survey",
                     channel="email", owner="brand", department="Marketing",
                     layer="frontstage", actors=["leaving-customer"],
                     score=4, importance=2, duration=2, reach=300,
                     metrics={"CSAT": 4.2, "NPS": -12}),
              ]),
    ])


def main():
    for name, doc in (("onboarding.json", ONBOARDING),
                      ("support.json", SUPPORT),
                      ("offboarding.json", OFFBOARDING)):
        text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
        with open(os.path.join(HERE, name), "w", encoding="utf-8",
                  newline="\n") as f:
            f.write(text)


if __name__ == "__main__":
    main()
