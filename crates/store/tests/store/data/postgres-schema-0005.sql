--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)




--
-- Name: _sqlx_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public._sqlx_migrations (
    version bigint NOT NULL,
    description text NOT NULL,
    installed_on timestamp with time zone DEFAULT now() NOT NULL,
    success boolean NOT NULL,
    checksum bytea NOT NULL,
    execution_time bigint NOT NULL
);


--
-- Name: accounts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.accounts (
    id uuid NOT NULL,
    role text NOT NULL,
    name text NOT NULL,
    username text,
    password_hash text,
    created_at timestamp with time zone NOT NULL,
    disabled_at timestamp with time zone,
    CONSTRAINT accounts_name_check CHECK (((char_length(name) >= 1) AND (char_length(name) <= 200))),
    CONSTRAINT accounts_role_check CHECK ((role = ANY (ARRAY['patient'::text, 'clinician'::text, 'admin'::text])))
);


--
-- Name: audit; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit (
    id uuid NOT NULL,
    person_id uuid NOT NULL,
    actor_id uuid NOT NULL,
    action text NOT NULL,
    address text,
    at timestamp with time zone NOT NULL
);


--
-- Name: checkins; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.checkins (
    id uuid NOT NULL,
    owner text DEFAULT current_setting('backcalm.person'::text) NOT NULL,
    recorded_at timestamp with time zone NOT NULL,
    tz text NOT NULL,
    local_date date NOT NULL,
    pain smallint NOT NULL,
    stress smallint,
    sleep smallint,
    feel jsonb DEFAULT '[]'::jsonb NOT NULL,
    regions jsonb DEFAULT '[]'::jsonb NOT NULL,
    activity text,
    note text,
    flare boolean DEFAULT false NOT NULL,
    CONSTRAINT checkins_feel_check CHECK ((jsonb_typeof(feel) = 'array'::text)),
    CONSTRAINT checkins_owner_check CHECK ((owner <> ''::text)),
    CONSTRAINT checkins_pain_check CHECK (((pain >= 0) AND (pain <= 10))),
    CONSTRAINT checkins_regions_check CHECK ((jsonb_typeof(regions) = 'array'::text)),
    CONSTRAINT checkins_sleep_check CHECK (((sleep >= 0) AND (sleep <= 10))),
    CONSTRAINT checkins_stress_check CHECK (((stress >= 0) AND (stress <= 10)))
);


--
-- Name: invitations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.invitations (
    token_hash text NOT NULL,
    account_id uuid NOT NULL,
    purpose text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    CONSTRAINT invitations_purpose_check CHECK ((purpose = ANY (ARRAY['invite'::text, 'reset'::text])))
);


--
-- Name: logins; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.logins (
    token_hash text NOT NULL,
    account_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_seen_at timestamp with time zone NOT NULL
);


--
-- Name: questionnaire_answers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.questionnaire_answers (
    id uuid NOT NULL,
    owner text DEFAULT current_setting('backcalm.person'::text) NOT NULL,
    instrument text NOT NULL,
    answered_at timestamp with time zone NOT NULL,
    tz text NOT NULL,
    local_date date NOT NULL,
    answers jsonb NOT NULL,
    score double precision NOT NULL,
    CONSTRAINT questionnaire_answers_answers_check CHECK ((jsonb_typeof(answers) = 'object'::text)),
    CONSTRAINT questionnaire_answers_owner_check CHECK ((owner <> ''::text))
);


--
-- Name: reminders; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reminders (
    id uuid NOT NULL,
    owner text DEFAULT current_setting('backcalm.person'::text) NOT NULL,
    local_time text NOT NULL,
    tz text NOT NULL,
    label text NOT NULL,
    CONSTRAINT reminders_local_time_check CHECK ((local_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'::text)),
    CONSTRAINT reminders_owner_check CHECK ((owner <> ''::text))
);


--
-- Name: screens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.screens (
    id uuid NOT NULL,
    owner text DEFAULT current_setting('backcalm.person'::text) NOT NULL,
    taken_at timestamp with time zone NOT NULL,
    tz text NOT NULL,
    local_date date NOT NULL,
    answers jsonb NOT NULL,
    action text NOT NULL,
    CONSTRAINT screens_action_check CHECK ((action = ANY (ARRAY['none'::text, 'soon'::text, 'urgent'::text, 'emergency'::text]))),
    CONSTRAINT screens_answers_check CHECK ((jsonb_typeof(answers) = 'object'::text)),
    CONSTRAINT screens_owner_check CHECK ((owner <> ''::text))
);


--
-- Name: sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sessions (
    id uuid NOT NULL,
    owner text DEFAULT current_setting('backcalm.person'::text) NOT NULL,
    practice text NOT NULL,
    variant text,
    minutes integer NOT NULL,
    started_at timestamp with time zone NOT NULL,
    tz text NOT NULL,
    local_date date NOT NULL,
    actual_s integer NOT NULL,
    completed boolean NOT NULL,
    pain_before smallint,
    pain_after smallint,
    stress_before smallint,
    stress_after smallint,
    pleasantness smallint,
    regions jsonb DEFAULT '[]'::jsonb NOT NULL,
    note text,
    CONSTRAINT sessions_actual_s_check CHECK ((actual_s >= 0)),
    CONSTRAINT sessions_minutes_check CHECK ((minutes >= 0)),
    CONSTRAINT sessions_owner_check CHECK ((owner <> ''::text)),
    CONSTRAINT sessions_pain_after_check CHECK (((pain_after >= 0) AND (pain_after <= 10))),
    CONSTRAINT sessions_pain_before_check CHECK (((pain_before >= 0) AND (pain_before <= 10))),
    CONSTRAINT sessions_pleasantness_check CHECK (((pleasantness >= 0) AND (pleasantness <= 10))),
    CONSTRAINT sessions_regions_check CHECK ((jsonb_typeof(regions) = 'array'::text)),
    CONSTRAINT sessions_stress_after_check CHECK (((stress_after >= 0) AND (stress_after <= 10))),
    CONSTRAINT sessions_stress_before_check CHECK (((stress_before >= 0) AND (stress_before <= 10)))
);


--
-- Name: settings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.settings (
    owner text DEFAULT current_setting('backcalm.person'::text) NOT NULL,
    body jsonb NOT NULL,
    CONSTRAINT settings_body_check CHECK ((jsonb_typeof(body) = 'object'::text)),
    CONSTRAINT settings_owner_check CHECK ((owner <> ''::text))
);


--
-- Name: share_codes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.share_codes (
    code_hash text NOT NULL,
    clinician_id uuid NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone
);


--
-- Name: shares; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.shares (
    id uuid NOT NULL,
    person_id uuid NOT NULL,
    clinician_id uuid NOT NULL,
    scopes jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT shares_scopes_check CHECK ((jsonb_typeof(scopes) = 'array'::text))
);


--
-- Name: sign_in_failures; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sign_in_failures (
    id uuid NOT NULL,
    username text NOT NULL,
    address text NOT NULL,
    at timestamp with time zone NOT NULL
);


--
-- Data for Name: _sqlx_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public._sqlx_migrations (version, description, installed_on, success, checksum, execution_time) VALUES (1, 'journal', '2026-12-06 04:20:03.569435+00', true, '\x80b4c1cd3690ea2d6d9180e8c18833b668346710fa7a9a8ca43dd748c69175207c54b35dc8b341ad984c6652ac8168f0', 3210343);
INSERT INTO public._sqlx_migrations (version, description, installed_on, success, checksum, execution_time) VALUES (2, 'answers screens reminders settings', '2026-12-06 04:20:03.572986+00', true, '\xea352dd49c85eff1bb797de736ee2ce72711d022d9fc4ef31eae7fbe7c30c5bd3ea619dd66d840d89795d35eca6f76b5', 5115176);
INSERT INTO public._sqlx_migrations (version, description, installed_on, success, checksum, execution_time) VALUES (3, 'checkin flare', '2026-12-06 04:20:03.578315+00', true, '\xe0411f151b291d080f2d0829627377c393aab893eb8947e8f30c96bdca6644ca53f9d3d6c7114cb09fd60ea71d17ec4d', 769474);
INSERT INTO public._sqlx_migrations (version, description, installed_on, success, checksum, execution_time) VALUES (4, 'native types', '2026-12-06 04:20:03.579247+00', true, '\x2b9e2d5fb51dd4b6ab533f839307faa76156a1b4c705ef83bfec35bdb7df4b0585d46a7b31981bbb0e2fbd9a0d263839', 19365954);
INSERT INTO public._sqlx_migrations (version, description, installed_on, success, checksum, execution_time) VALUES (5, 'accounts', '2026-12-06 04:20:03.598831+00', true, '\x96affd69fc6e7230bdc6d8f8ee3d106d7c9dada6b704bb020814fa0c94d76f0f446cdf3fab89e4be66054b159895df5c', 6066931);


--
-- Data for Name: accounts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.accounts (id, role, name, username, password_hash, created_at, disabled_at) VALUES ('00000000-0000-0000-0000-0000000000ad', 'admin', 'Clinic office', 'office', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$Xr1Sr8cMXv4bX+6lW9ZC5dBc8s3dUVkgv5WQY4v2T0Q', '2026-12-05 10:00:00+00', NULL);
INSERT INTO public.accounts (id, role, name, username, password_hash, created_at, disabled_at) VALUES ('00000000-0000-0000-0000-000000000c40', 'clinician', 'Dr Cho', 'dr.cho', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$Xr1Sr8cMXv4bX+6lW9ZC5dBc8s3dUVkgv5WQY4v2T0Q', '2026-12-05 10:00:00+00', NULL);
INSERT INTO public.accounts (id, role, name, username, password_hash, created_at, disabled_at) VALUES ('00000000-0000-0000-0000-0000000a11ce', 'patient', 'Ana Ruiz', 'ana', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$Xr1Sr8cMXv4bX+6lW9ZC5dBc8s3dUVkgv5WQY4v2T0Q', '2026-12-05 10:00:00+00', NULL);
INSERT INTO public.accounts (id, role, name, username, password_hash, created_at, disabled_at) VALUES ('00000000-0000-0000-0000-000000000be4', 'patient', 'Ben Okafor', 'ben', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$Xr1Sr8cMXv4bX+6lW9ZC5dBc8s3dUVkgv5WQY4v2T0Q', '2026-12-05 10:00:00+00', NULL);


--
-- Data for Name: audit; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.audit (id, person_id, actor_id, action, address, at) VALUES ('00000000-0000-0000-0000-000000000ad1', '00000000-0000-0000-0000-0000000a11ce', '00000000-0000-0000-0000-0000000a11ce', 'share.create', '192.0.2.7', '2026-12-05 10:00:00+00');
INSERT INTO public.audit (id, person_id, actor_id, action, address, at) VALUES ('00000000-0000-0000-0000-000000000ad2', '00000000-0000-0000-0000-0000000a11ce', '00000000-0000-0000-0000-000000000c40', 'report.read', '192.0.2.7', '2026-12-05 10:00:00+00');
INSERT INTO public.audit (id, person_id, actor_id, action, address, at) VALUES ('00000000-0000-0000-0000-000000000ad3', '00000000-0000-0000-0000-000000000be4', '00000000-0000-0000-0000-000000000be4', 'share.revoke', '192.0.2.7', '2026-12-05 10:00:00+00');


--
-- Data for Name: checkins; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.checkins (id, owner, recorded_at, tz, local_date, pain, stress, sleep, feel, regions, activity, note, flare) VALUES ('00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000a11ce', '2026-02-09 08:00:00+00', 'Europe/London', '2026-02-09', 3, NULL, NULL, '[]', '[]', NULL, NULL, false);
INSERT INTO public.checkins (id, owner, recorded_at, tz, local_date, pain, stress, sleep, feel, regions, activity, note, flare) VALUES ('00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-0000000a11ce', '2026-02-10 06:30:00.5+00', 'America/Los_Angeles', '2026-02-09', 9, 7, NULL, '[]', '[]', NULL, 'a long drive', false);
INSERT INTO public.checkins (id, owner, recorded_at, tz, local_date, pain, stress, sleep, feel, regions, activity, note, flare) VALUES ('00000000-0000-0000-0000-000000c0ffee', '00000000-0000-0000-0000-0000000a11ce', '2026-02-10 06:15:42.123456+00', 'Europe/Berlin', '2026-02-10', 6, 0, 10, '["radiating", "dull-ache", "numbness-or-weakness"]', '["lower-back-left", "calf-left"]', 'drove 3 h; O''Neil''s "bad" seat', 'stiff — 痛い; ''); DROP TABLE checkins; --', false);
INSERT INTO public.checkins (id, owner, recorded_at, tz, local_date, pain, stress, sleep, feel, regions, activity, note, flare) VALUES ('00000000-0000-0000-0000-0000000000b1', '00000000-0000-0000-0000-000000000be4', '2026-11-30 07:15:00+00', 'Europe/Dublin', '2026-11-30', 6, NULL, NULL, '[]', '[]', NULL, NULL, false);
INSERT INTO public.checkins (id, owner, recorded_at, tz, local_date, pain, stress, sleep, feel, regions, activity, note, flare) VALUES ('00000000-0000-0000-0000-0000000000b2', '00000000-0000-0000-0000-000000000be4', '2026-12-01 19:45:30.123456+00', 'Europe/Dublin', '2026-12-01', 6, 0, 10, '["radiating", "dull-ache", "numbness-or-weakness"]', '["lower-back-left", "calf-left"]', 'drove 3 h; O''Neil''s "bad" seat', 'stiff — 痛い; ''); DROP TABLE checkins; --', true);


--
-- Data for Name: invitations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.invitations (token_hash, account_id, purpose, created_at, expires_at, used_at) VALUES ('4040404040404040404040404040404040404040404040404040404040404040', '00000000-0000-0000-0000-0000000000ad', 'invite', '2026-12-05 10:00:00+00', '2026-12-12 10:00:00+00', '2026-12-05 10:00:00+00');
INSERT INTO public.invitations (token_hash, account_id, purpose, created_at, expires_at, used_at) VALUES ('4141414141414141414141414141414141414141414141414141414141414141', '00000000-0000-0000-0000-000000000c40', 'invite', '2026-12-05 10:00:00+00', '2026-12-12 10:00:00+00', '2026-12-05 10:00:00+00');
INSERT INTO public.invitations (token_hash, account_id, purpose, created_at, expires_at, used_at) VALUES ('4242424242424242424242424242424242424242424242424242424242424242', '00000000-0000-0000-0000-0000000a11ce', 'invite', '2026-12-05 10:00:00+00', '2026-12-12 10:00:00+00', '2026-12-05 10:00:00+00');
INSERT INTO public.invitations (token_hash, account_id, purpose, created_at, expires_at, used_at) VALUES ('4343434343434343434343434343434343434343434343434343434343434343', '00000000-0000-0000-0000-000000000be4', 'invite', '2026-12-05 10:00:00+00', '2026-12-12 10:00:00+00', '2026-12-05 10:00:00+00');
INSERT INTO public.invitations (token_hash, account_id, purpose, created_at, expires_at, used_at) VALUES ('7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f', '00000000-0000-0000-0000-000000000be4', 'reset', '2026-12-05 10:00:00+00', '2026-12-12 10:00:00+00', NULL);


--
-- Data for Name: logins; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.logins (token_hash, account_id, created_at, last_seen_at) VALUES ('0101010101010101010101010101010101010101010101010101010101010101', '00000000-0000-0000-0000-0000000a11ce', '2026-12-05 10:00:00+00', '2026-12-05 10:00:00+00');
INSERT INTO public.logins (token_hash, account_id, created_at, last_seen_at) VALUES ('0202020202020202020202020202020202020202020202020202020202020202', '00000000-0000-0000-0000-000000000c40', '2026-12-05 10:00:00+00', '2026-12-05 10:00:00+00');


--
-- Data for Name: questionnaire_answers; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.questionnaire_answers (id, owner, instrument, answered_at, tz, local_date, answers, score) VALUES ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-0000000a11ce', 'peg-3', '2026-02-12 08:00:00.25+00', 'Europe/Berlin', '2026-02-12', '{"pain": 5, "activity": 6, "enjoyment": 4}', 5);
INSERT INTO public.questionnaire_answers (id, owner, instrument, answered_at, tz, local_date, answers, score) VALUES ('00000000-0000-0000-0000-0000000000a2', '00000000-0000-0000-0000-0000000a11ce', 'phq-2', '2026-02-12 09:05:00+00', 'Europe/Berlin', '2026-02-12', '{"down": 0, "interest": 1}', 1);


--
-- Data for Name: reminders; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.reminders (id, owner, local_time, tz, label) VALUES ('00000000-0000-0000-0000-00000000007e', '00000000-0000-0000-0000-0000000a11ce', '08:30', 'Europe/London', 'A few minutes for backcalm');
INSERT INTO public.reminders (id, owner, local_time, tz, label) VALUES ('00000000-0000-0000-0000-0000000000b7', '00000000-0000-0000-0000-000000000be4', '07:45', 'Europe/Dublin', 'Breathe before work');


--
-- Data for Name: screens; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.screens (id, owner, taken_at, tz, local_date, answers, action) VALUES ('00000000-0000-0000-0000-00000000005c', '00000000-0000-0000-0000-0000000a11ce', '2026-02-08 10:00:00+00', 'Europe/London', '2026-02-08', '{"saddle-numbness": false}', 'none');


--
-- Data for Name: sessions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.sessions (id, owner, practice, variant, minutes, started_at, tz, local_date, actual_s, completed, pain_before, pain_after, stress_before, stress_after, pleasantness, regions, note) VALUES ('00000000-0000-0000-0000-000000005e55', '00000000-0000-0000-0000-0000000a11ce', 'guided-imagery', 'lake', 15, '2026-02-11 02:40:00+00', 'America/New_York', '2026-02-10', 731, false, 7, 5, 8, 3, 9, '["mid-back", "shoulder-right"]', 'fell asleep near the end');
INSERT INTO public.sessions (id, owner, practice, variant, minutes, started_at, tz, local_date, actual_s, completed, pain_before, pain_after, stress_before, stress_after, pleasantness, regions, note) VALUES ('00000000-0000-0000-0000-000000000003', '00000000-0000-0000-0000-0000000a11ce', 'natural-breath', NULL, 2, '2026-02-11 07:00:00+00', 'Europe/London', '2026-02-11', 120, true, 5, 4, NULL, NULL, NULL, '[]', NULL);
INSERT INTO public.sessions (id, owner, practice, variant, minutes, started_at, tz, local_date, actual_s, completed, pain_before, pain_after, stress_before, stress_after, pleasantness, regions, note) VALUES ('00000000-0000-0000-0000-0000000000a5', '00000000-0000-0000-0000-0000000a11ce', 'guided-imagery', 'lake', 15, '2026-02-11 02:40:00.000001+00', 'America/New_York', '2026-02-10', 731, false, 7, 5, 8, 3, 9, '["mid-back", "shoulder-right"]', 'fell asleep near the end');


--
-- Data for Name: settings; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.settings (owner, body) VALUES ('00000000-0000-0000-0000-0000000a11ce', '{"crisis": {"lines": []}, "country": "uk", "show_streak": false, "program_start": "2026-02-09", "announce_phases": true, "reminders_per_day": 1, "weekly_goal_minutes": 40}');


--
-- Data for Name: share_codes; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.share_codes (code_hash, clinician_id, created_at, expires_at, used_at) VALUES ('0303030303030303030303030303030303030303030303030303030303030303', '00000000-0000-0000-0000-000000000c40', '2026-12-05 10:00:00+00', '2026-12-12 10:00:00+00', '2026-12-05 10:00:00+00');
INSERT INTO public.share_codes (code_hash, clinician_id, created_at, expires_at, used_at) VALUES ('0404040404040404040404040404040404040404040404040404040404040404', '00000000-0000-0000-0000-000000000c40', '2026-12-05 10:00:00+00', '2026-12-12 10:00:00+00', '2026-12-05 10:00:00+00');
INSERT INTO public.share_codes (code_hash, clinician_id, created_at, expires_at, used_at) VALUES ('0909090909090909090909090909090909090909090909090909090909090909', '00000000-0000-0000-0000-000000000c40', '2026-12-05 10:00:00+00', '2026-12-12 10:00:00+00', NULL);


--
-- Data for Name: shares; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.shares (id, person_id, clinician_id, scopes, created_at, revoked_at) VALUES ('00000000-0000-0000-0000-0000000005a1', '00000000-0000-0000-0000-0000000a11ce', '00000000-0000-0000-0000-000000000c40', '["checkins", "sessions", "screens"]', '2026-12-05 10:00:00+00', NULL);
INSERT INTO public.shares (id, person_id, clinician_id, scopes, created_at, revoked_at) VALUES ('00000000-0000-0000-0000-0000000005b1', '00000000-0000-0000-0000-000000000be4', '00000000-0000-0000-0000-000000000c40', '["checkins"]', '2026-12-05 10:00:00+00', '2026-12-04 12:00:00+00');


--
-- Data for Name: sign_in_failures; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Name: _sqlx_migrations _sqlx_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public._sqlx_migrations
    ADD CONSTRAINT _sqlx_migrations_pkey PRIMARY KEY (version);


--
-- Name: accounts accounts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accounts
    ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);


--
-- Name: accounts accounts_username_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accounts
    ADD CONSTRAINT accounts_username_key UNIQUE (username);


--
-- Name: audit audit_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit
    ADD CONSTRAINT audit_pkey PRIMARY KEY (id);


--
-- Name: checkins checkins_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checkins
    ADD CONSTRAINT checkins_pkey PRIMARY KEY (id);


--
-- Name: invitations invitations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_pkey PRIMARY KEY (token_hash);


--
-- Name: logins logins_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.logins
    ADD CONSTRAINT logins_pkey PRIMARY KEY (token_hash);


--
-- Name: questionnaire_answers questionnaire_answers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.questionnaire_answers
    ADD CONSTRAINT questionnaire_answers_pkey PRIMARY KEY (id);


--
-- Name: reminders reminders_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reminders
    ADD CONSTRAINT reminders_pkey PRIMARY KEY (id);


--
-- Name: screens screens_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.screens
    ADD CONSTRAINT screens_pkey PRIMARY KEY (id);


--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);


--
-- Name: settings settings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.settings
    ADD CONSTRAINT settings_pkey PRIMARY KEY (owner);


--
-- Name: share_codes share_codes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.share_codes
    ADD CONSTRAINT share_codes_pkey PRIMARY KEY (code_hash);


--
-- Name: shares shares_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.shares
    ADD CONSTRAINT shares_pkey PRIMARY KEY (id);


--
-- Name: sign_in_failures sign_in_failures_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sign_in_failures
    ADD CONSTRAINT sign_in_failures_pkey PRIMARY KEY (id);


--
-- Name: audit_by_person; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_by_person ON public.audit USING btree (person_id, at);


--
-- Name: checkins_by_owner_day; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX checkins_by_owner_day ON public.checkins USING btree (owner, local_date, recorded_at, id);


--
-- Name: invitations_by_account; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX invitations_by_account ON public.invitations USING btree (account_id);


--
-- Name: logins_by_account; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX logins_by_account ON public.logins USING btree (account_id);


--
-- Name: questionnaire_answers_by_owner_day; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX questionnaire_answers_by_owner_day ON public.questionnaire_answers USING btree (owner, instrument, local_date, answered_at, id);


--
-- Name: screens_by_owner_time; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX screens_by_owner_time ON public.screens USING btree (owner, taken_at);


--
-- Name: sessions_by_owner_day; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sessions_by_owner_day ON public.sessions USING btree (owner, local_date, started_at, id);


--
-- Name: shares_by_clinician; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX shares_by_clinician ON public.shares USING btree (clinician_id);


--
-- Name: shares_by_person; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX shares_by_person ON public.shares USING btree (person_id);


--
-- Name: sign_in_failures_by_address; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sign_in_failures_by_address ON public.sign_in_failures USING btree (address, at);


--
-- Name: sign_in_failures_by_username; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sign_in_failures_by_username ON public.sign_in_failures USING btree (username, at);


--
-- Name: invitations invitations_account_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.accounts(id) ON DELETE CASCADE;


--
-- Name: logins logins_account_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.logins
    ADD CONSTRAINT logins_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.accounts(id) ON DELETE CASCADE;


--
-- Name: share_codes share_codes_clinician_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.share_codes
    ADD CONSTRAINT share_codes_clinician_id_fkey FOREIGN KEY (clinician_id) REFERENCES public.accounts(id) ON DELETE CASCADE;


--
-- Name: shares shares_clinician_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.shares
    ADD CONSTRAINT shares_clinician_id_fkey FOREIGN KEY (clinician_id) REFERENCES public.accounts(id) ON DELETE CASCADE;


--
-- Name: shares shares_person_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.shares
    ADD CONSTRAINT shares_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.accounts(id) ON DELETE CASCADE;


--
-- Name: checkins; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.checkins ENABLE ROW LEVEL SECURITY;

--
-- Name: checkins person_rows; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY person_rows ON public.checkins USING ((owner = current_setting('backcalm.person'::text, true))) WITH CHECK ((owner = current_setting('backcalm.person'::text, true)));


--
-- Name: questionnaire_answers person_rows; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY person_rows ON public.questionnaire_answers USING ((owner = current_setting('backcalm.person'::text, true))) WITH CHECK ((owner = current_setting('backcalm.person'::text, true)));


--
-- Name: reminders person_rows; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY person_rows ON public.reminders USING ((owner = current_setting('backcalm.person'::text, true))) WITH CHECK ((owner = current_setting('backcalm.person'::text, true)));


--
-- Name: screens person_rows; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY person_rows ON public.screens USING ((owner = current_setting('backcalm.person'::text, true))) WITH CHECK ((owner = current_setting('backcalm.person'::text, true)));


--
-- Name: sessions person_rows; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY person_rows ON public.sessions USING ((owner = current_setting('backcalm.person'::text, true))) WITH CHECK ((owner = current_setting('backcalm.person'::text, true)));


--
-- Name: settings person_rows; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY person_rows ON public.settings USING ((owner = current_setting('backcalm.person'::text, true))) WITH CHECK ((owner = current_setting('backcalm.person'::text, true)));


--
-- Name: questionnaire_answers; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.questionnaire_answers ENABLE ROW LEVEL SECURITY;

--
-- Name: reminders; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.reminders ENABLE ROW LEVEL SECURITY;

--
-- Name: screens; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.screens ENABLE ROW LEVEL SECURITY;

--
-- Name: sessions; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.sessions ENABLE ROW LEVEL SECURITY;

--
-- Name: settings; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.settings ENABLE ROW LEVEL SECURITY;

--
-- PostgreSQL database dump complete
--


