#!/usr/bin/env python3
"""Validate a FHIR Bundle written by backcalm's FHIR export.

Usage: python3 tests/reference/fhir/validate_bundle.py BUNDLE.json

An independent check of crates/core/src/export/fhir.rs: the bundle and every
entry's resource are parsed strictly with the `fhir.resources` package (its
R4B models; for Bundle, Patient, Observation, Questionnaire and
QuestionnaireResponse R4B is R4 with no change to the elements used here).
Unknown elements, wrong types, missing required elements, malformed dates
and ids are errors. On top of that, rules the models do not check:

- the codes of the required bindings used here (statuses, bundle type,
  Questionnaire item types);
- the bundle is a `collection` and every entry has a unique `urn:uuid:` fullUrl
  matching its resource id;
- every `reference` in the bundle resolves to an entry's fullUrl;
- every QuestionnaireResponse names a Questionnaire in the bundle by its
  canonical URL, and answers only that Questionnaire's items;
- no empty strings, lists or objects anywhere (FHIR JSON forbids them).

Exit status: 0 valid, 1 invalid (problems printed), 2 cannot run
(fhir.resources missing, or the file is unreadable).
"""

import json
import re
import sys

try:
    from fhir.resources.R4B import get_fhir_model_class
    from fhir.resources.R4B.bundle import Bundle
except ImportError as e:  # pragma: no cover - depends on the machine
    print(
        f"fhir.resources is not installed ({e}); run: pip install fhir.resources",
        file=sys.stderr,
    )
    sys.exit(2)

# Codes of the required bindings this export uses (FHIR R4 value sets); the
# models check types and cardinality but not these codes.
REQUIRED_CODES = {
    ("Bundle", "type"): {
        "document", "message", "transaction", "transaction-response", "batch",
        "batch-response", "history", "searchset", "collection",
    },
    ("Observation", "status"): {
        "registered", "preliminary", "final", "amended", "corrected",
        "cancelled", "entered-in-error", "unknown",
    },
    ("QuestionnaireResponse", "status"): {
        "in-progress", "completed", "amended", "entered-in-error", "stopped",
    },
    ("Questionnaire", "status"): {"draft", "active", "retired", "unknown"},
}
QUESTIONNAIRE_ITEM_TYPES = {
    "group", "display", "boolean", "decimal", "integer", "date", "dateTime",
    "time", "string", "text", "url", "choice", "open-choice", "attachment",
    "reference", "quantity",
}

URN_UUID = re.compile(
    r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
)


def walk(value, path, problems, references):
    """Finds empty values and collects every `reference` string."""
    if isinstance(value, dict):
        if not value:
            problems.append(f"{path}: empty object")
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                references.append((f"{path}.reference", item))
            walk(item, f"{path}.{key}", problems, references)
    elif isinstance(value, list):
        if not value:
            problems.append(f"{path}: empty list")
        for i, item in enumerate(value):
            walk(item, f"{path}[{i}]", problems, references)
    elif isinstance(value, str) and value.strip() == "":
        problems.append(f"{path}: empty or blank string")


def check(doc):
    """Returns (problems, counts by resource type)."""
    problems = []
    counts = {}
    try:
        Bundle.model_validate(doc)
    except Exception as e:  # pydantic.ValidationError and friends
        problems.append(f"Bundle: {e}")
    if not isinstance(doc, dict) or not isinstance(doc.get("entry", []), list):
        problems.append("the file is not a Bundle object with an entry list")
        return problems, counts
    if doc.get("type") not in REQUIRED_CODES[("Bundle", "type")]:
        problems.append(f"Bundle.type {doc.get('type')!r} is not a bundle type")
    if doc.get("type") != "collection":
        problems.append(f"Bundle.type is {doc.get('type')!r}, expected 'collection'")
    entries = doc.get("entry", [])
    full_urls = set()
    questionnaires = {}
    for i, entry in enumerate(entries):
        where = f"entry[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("resource"), dict):
            problems.append(f"{where}: no resource object")
            continue
        resource = entry["resource"]
        kind = resource.get("resourceType")
        counts[kind] = counts.get(kind, 0) + 1
        try:
            get_fhir_model_class(kind).model_validate(resource)
        except Exception as e:
            problems.append(f"{where} ({kind}): {e}")
            continue
        for (rtype, element), codes in REQUIRED_CODES.items():
            if rtype == kind and resource.get(element) not in codes:
                problems.append(f"{where}: {kind}.{element} {resource.get(element)!r} is not one of {sorted(codes)}")
        if kind == "Questionnaire":
            for item in resource.get("item", []):
                if item.get("type") not in QUESTIONNAIRE_ITEM_TYPES:
                    problems.append(f"{where}: item {item.get('linkId')!r} has type {item.get('type')!r}, not a Questionnaire item type")
        url = entry.get("fullUrl", "")
        if not URN_UUID.match(url):
            problems.append(f"{where}.fullUrl {url!r} is not a lowercase urn:uuid")
        if url in full_urls:
            problems.append(f"{where}.fullUrl {url!r} is used twice")
        full_urls.add(url)
        if "id" in resource and url != f"urn:uuid:{resource['id']}":
            problems.append(f"{where}: resource id {resource['id']!r} does not match fullUrl {url!r}")
        if kind == "Questionnaire":
            questionnaires[resource.get("url")] = {
                item["linkId"] for item in resource.get("item", [])
            }
    references = []
    walk(doc, "Bundle", problems, references)
    for path, ref in references:
        if ref not in full_urls:
            problems.append(f"{path} {ref!r} does not resolve to an entry of the bundle")
    for i, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or resource.get("resourceType") != "QuestionnaireResponse":
            continue
        canonical = resource.get("questionnaire")
        if canonical not in questionnaires:
            problems.append(f"entry[{i}].questionnaire {canonical!r} is not a Questionnaire in the bundle")
            continue
        for item in resource.get("item", []):
            if item.get("linkId") not in questionnaires[canonical]:
                problems.append(f"entry[{i}]: item {item.get('linkId')!r} is not in {canonical}")
    return problems, counts


def main(argv):
    if len(argv) != 2:
        print("usage: validate_bundle.py BUNDLE.json", file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"cannot read {argv[1]}: {e}", file=sys.stderr)
        return 2
    problems, counts = check(doc)
    if problems:
        print(f"{len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print(f"- {p}", file=sys.stderr)
        return 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    print(f"valid FHIR R4 collection Bundle: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
