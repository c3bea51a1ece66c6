#!/usr/bin/env python3
"""Writes the people of hosted mode's load bench (bench/load.sh) into DIR:

    bench/load_people.py DIR PEOPLE CLINICIANS

  accounts.csv   PEOPLE patients and CLINICIANS clinicians (id, role, name,
                 username, created_at), ready for COPY
  logins.csv     one live session each (token_hash, account_id, created_at,
                 last_seen_at): the database keeps only the SHA-256 of a
                 session token, as sign-in does
  shares.csv     each patient shares everything with one clinician, the
                 patients dealt out evenly (id, person_id, clinician_id,
                 scopes, created_at)
  people.txt     for wrk: a line per patient, "TOKEN"
  clinicians.txt for wrk: a line per clinician, "TOKEN PATIENT_ID,PATIENT_ID,..."

Sessions are made here instead of signing in a thousand times: sign-in is
argon2id on purpose (about 0.1 s each), and it is not what is measured.
The tokens have the shape sign-in gives (32 random bytes, base64url).
"""
import base64
import datetime
import hashlib
import os
import sys
import uuid

out, people, clinicians = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S+00")
scopes = '["checkins","sessions","questionnaires","notes"]'


def token():
    text = base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()
    return text, hashlib.sha256(text.encode()).hexdigest()


def account_id(n):
    return str(uuid.UUID(int=(0xBC << 120) + n))


accounts, logins, shares = [], [], []
patient_tokens, clinician_rows = [], []
for c in range(clinicians):
    cid = account_id(1_000_000 + c)
    accounts.append(f"{cid},clinician,Clinician {c + 1},clinician{c + 1},{now}")
    text, digest = token()
    logins.append(f"{digest},{cid},{now},{now}")
    clinician_rows.append([text, []])
for p in range(people):
    pid = account_id(p + 1)
    accounts.append(f"{pid},patient,Person {p + 1},person{p + 1},{now}")
    text, digest = token()
    logins.append(f"{digest},{pid},{now},{now}")
    patient_tokens.append(text)
    c = p % clinicians
    shares.append(f'{uuid.uuid4()},{pid},{account_id(1_000_000 + c)},"{scopes.replace(chr(34), chr(34) * 2)}",{now}')
    clinician_rows[c][1].append(pid)


def write(name, lines):
    with open(os.path.join(out, name), "w") as f:
        f.write("\n".join(lines) + "\n")


write("accounts.csv", accounts)
write("logins.csv", logins)
write("shares.csv", shares)
write("people.txt", patient_tokens)
write("clinicians.txt", [f"{t} {','.join(ids)}" for t, ids in clinician_rows])
