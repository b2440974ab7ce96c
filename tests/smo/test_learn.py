"""`socialpulse learn replies`: voice, openers, sign-offs and FAQ candidates from past replies,
as workspace YAML a person can accept; bad lines named, the rest used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.config.brands import Brand
from bot.smo.learn import ReplyPair, learn, parse_pairs, to_yaml

SIGN = "– Team Alpenglow"
CANADA = [
    ("Hi, do you ship to Canada?", "@ana_b Hi Ana, yes! We ship to Canada in 5–8 business days."),
    (
        "Can I get the Summit jacket shipped to Canada?",
        "@ben Hey Ben, yes! We ship to Canada in 5-8 business days.",
    ),
    ("@alpenglow do you ship to canada??", "@cat yes! We ship to Canada in 5–8 business days."),
    (
        "Do you deliver to Canada or only the US?",
        "@dan Hi Dan, yes! We ship to Canada in 5–8 business days!",
    ),
]
WHERE = [
    (
        "Where is my order? It's been 3 weeks",
        "@eve Sorry to hear that, please DM us your order number.",
    ),
    ("where's my order??", "@fay Sorry to hear that, please DM us your order number."),
    (
        "Has my order even shipped? Where is it?",
        "@gus Sorry to hear that, please DM us your order number.",
    ),
]
PRAISE = [
    ("Love the new jacket!", "@hal So glad you love it! Enjoy the trails."),
    ("Best boots I've owned", "@ida So glad you love it! Enjoy the trails."),
]


def native_lines() -> list[str]:
    return [
        json.dumps({"comment": c, "reply": f"{r} {SIGN}", "brand": "alpen"}, ensure_ascii=False)
        for c, r in [*CANADA, *WHERE, *PRAISE]
    ]


def twcs_lines() -> tuple[list[str], dict[str, str]]:
    """The shape of a labels file: real replies by comment id, comments in their own file."""
    agents = ["^NHP", "^JK", "^NHP", "^MR", "^NHP"]
    lines, comments = [], {}
    for n, agent in enumerate(agents):
        comments[f"t{n}"] = f"@TeleNet my internet has been down since {n + 1} pm"
        lines.append(
            json.dumps(
                {
                    "id": f"t{n}",
                    "brand_handle": "TeleNet",
                    "real_replies": [
                        f"@u{n} We're sorry about the outage. Which area are you in? {agent}"
                    ],
                    "in_reply_to_text": None,
                }
            )
        )
    return lines, comments


def test_a_brand_s_replies_become_its_voice_sign_off_and_faq() -> None:
    pairs, problems = parse_pairs(native_lines(), "pairs.jsonl")
    assert problems == [] and len(pairs) == 9

    [alpen] = learn(pairs)

    assert alpen.brand == "alpen" and alpen.replies == 9 and alpen.voice == "friendly"
    assert alpen.sign_off == SIGN and alpen.signed == 9
    assert ("Sorry to hear that, please DM us your …", 3) in alpen.openers
    assert ("Hi {name}, yes!", 2) in alpen.openers
    [faq] = alpen.faq
    assert faq.asked == 4
    assert faq.answer == "Yes! We ship to Canada in 5–8 business days."
    assert "canada" in faq.question.lower() and "@" not in faq.question
    # "DM us your order number" recurs, to questions, but sends the customer elsewhere.
    assert alpen.handoffs == 1


def test_agents_initials_are_shown_but_never_proposed_as_the_brand_s_sign_off() -> None:
    lines, comments = twcs_lines()
    pairs, problems = parse_pairs(lines, "labels.jsonl", comments)
    assert problems == []

    [tele] = learn(pairs)

    assert tele.brand == "telenet" and tele.name == "TeleNet" and tele.replies == 5
    assert tele.sign_offs[0] == ("^NHP", 3) and tele.signed == 5
    assert tele.sign_off == "" and tele.sign_shape == "^XX (initials)"
    text = to_yaml([tele])
    assert "agents sign with their own ^XX (initials)" in text
    assert "\n    sign_off:" not in text


@pytest.mark.parametrize(
    ("reply", "sign"),
    [
        ("@x Sorry about that! ^NHP", "^NHP"),
        ("@x Kindly DM us your booking number - Anwar", "-Anwar"),
        ("@x We're on it. -Ana https://t.co/abc", "-Ana"),
        ("We're on it. " + SIGN, SIGN),
        ("Glad it's sorted, self-service works!", None),
        ("Call us on 0800 - Thanks", "-Thanks"),
    ],
)
def test_sign_offs_are_read_from_the_end_of_a_reply(reply: str, sign: str | None) -> None:
    [proposal] = learn([ReplyPair(brand="alpen", reply=reply)])
    assert proposal.sign_offs == (((sign, 1),) if sign else ())


def test_bad_lines_are_named_by_file_and_line_and_the_rest_is_used() -> None:
    lines = [
        native_lines()[0],
        "not json",
        "[1, 2]",
        json.dumps({"comment": "where?"}),
        json.dumps({"reply": "   ", "brand": "alpen"}),
        json.dumps({"reply": "Hi", "comment": 5, "brand": "alpen"}),
        json.dumps({"reply": "Hi there"}),
        "",
        json.dumps({"id": "t9", "brand_handle": "TeleNet", "real_replies": "no list"}),
        json.dumps({"id": "t9", "brand_handle": "TeleNet", "real_replies": ["Hi ^JK"]}),
        native_lines()[1],
    ]
    pairs, problems = parse_pairs(lines, "p.jsonl", comments={})

    assert problems == [
        "p.jsonl:2: not JSON (Expecting value)",
        "p.jsonl:3: not a JSON object",
        'p.jsonl:4: no "reply" (or "real_replies") field',
        'p.jsonl:5: "reply" must be a non-empty string',
        'p.jsonl:6: "comment" must be a string',
        'p.jsonl:7: no "brand" (give one per line, or --brand)',
        'p.jsonl:9: "real_replies" must be a list of strings',
        'p.jsonl:10: no comment with id "t9"; its replies count for voice and sign-offs only',
    ]
    assert [p.brand for p in pairs] == ["alpen", "telenet", "alpen"]
    assert pairs[1] == ReplyPair("telenet", "Hi ^JK", None, "TeleNet")
    with_default, _ = parse_pairs(lines[6:7], "p.jsonl", brand="alpen")
    assert with_default == [ReplyPair("alpen", "Hi there", None, "alpen")]


def test_the_command_prints_workspace_yaml_and_names_bad_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines, comments = twcs_lines()
    pairs_file = tmp_path / "pairs.jsonl"
    pairs_file.write_text("\n".join([*native_lines(), "{oops", *lines]) + "\n", encoding="utf-8")
    comments_file = tmp_path / "comments.jsonl"
    comments_file.write_text(
        "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in comments.items()),
        encoding="utf-8",
    )
    before = sorted(p.name for p in tmp_path.iterdir())

    code = main(["learn", "replies", str(pairs_file), "--comments", str(comments_file)])

    captured = capsys.readouterr()
    assert code == 0
    assert f"{pairs_file}:10: not JSON" in captured.err
    proposed = yaml.safe_load(captured.out)
    brands = [Brand.model_validate(entry) for entry in proposed["brands"]]
    assert [b.id for b in brands] == ["alpen", "telenet"]
    assert brands[0].sign_off == SIGN and brands[0].voice == "friendly"
    assert [(f.question, f.answer) for f in brands[0].faq] == [
        (brands[0].faq[0].question, "Yes! We ship to Canada in 5–8 business days.")
    ]
    assert "# Nothing has been changed" in captured.out
    # Nothing is written: the command only prints.
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_file_with_no_usable_line_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "none.jsonl"
    empty.write_text("nope\n", encoding="utf-8")
    assert main(["learn", "replies", str(empty)]) == 1
    err = capsys.readouterr().err
    assert f"{empty}:1: not JSON" in err and "no reply to learn from" in err
    assert main(["learn", "replies", str(tmp_path / "missing.jsonl")]) == 1


def test_a_sign_off_before_a_link_is_left_out_of_the_answer_and_the_link_kept() -> None:
    pairs = [
        ReplyPair(
            "ups", f"@u{n} You can change the delivery date in the app. ^CH https://t.co/x", q
        )
        for n, q in enumerate(
            [
                "Can I change my delivery date?",
                "how do I change the delivery date?",
                "Can I change the delivery date online?",
            ]
        )
    ]
    [ups] = learn(pairs)
    assert [c.answer for c in ups.faq] == [
        "You can change the delivery date in the app. https://t.co/x"
    ]
