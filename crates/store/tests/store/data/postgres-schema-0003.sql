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
-- Name: checkins; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.checkins (
    id text NOT NULL,
    owner text DEFAULT 'local'::text NOT NULL,
    recorded_at_ms bigint NOT NULL,
    recorded_at_ns bigint DEFAULT 0 NOT NULL,
    tz text NOT NULL,
    local_date text NOT NULL COLLATE pg_catalog."C",
    pain bigint NOT NULL,
    stress bigint,
    sleep bigint,
    feel text DEFAULT '[]'::text NOT NULL,
    regions text DEFAULT '[]'::text NOT NULL,
    activity text,
    note text,
    flare bigint DEFAULT 0 NOT NULL,
    CONSTRAINT checkins_flare_check CHECK ((flare = ANY (ARRAY[(0)::bigint, (1)::bigint]))),
    CONSTRAINT checkins_pain_check CHECK (((pain >= 0) AND (pain <= 10))),
    CONSTRAINT checkins_recorded_at_ns_check CHECK (((recorded_at_ns >= 0) AND (recorded_at_ns <= 999999))),
    CONSTRAINT checkins_sleep_check CHECK (((sleep >= 0) AND (sleep <= 10))),
    CONSTRAINT checkins_stress_check CHECK (((stress >= 0) AND (stress <= 10)))
);


--
-- Name: questionnaire_answers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.questionnaire_answers (
    id text NOT NULL,
    owner text DEFAULT 'local'::text NOT NULL,
    instrument text NOT NULL,
    answered_at_ms bigint NOT NULL,
    answered_at_ns bigint DEFAULT 0 NOT NULL,
    tz text NOT NULL,
    local_date text NOT NULL COLLATE pg_catalog."C",
    answers text NOT NULL,
    score double precision NOT NULL,
    CONSTRAINT questionnaire_answers_answered_at_ns_check CHECK (((answered_at_ns >= 0) AND (answered_at_ns <= 999999)))
);


--
-- Name: reminders; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reminders (
    id text NOT NULL,
    owner text DEFAULT 'local'::text NOT NULL,
    local_time text NOT NULL,
    tz text NOT NULL,
    label text NOT NULL
);


--
-- Name: screens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.screens (
    id text NOT NULL,
    owner text DEFAULT 'local'::text NOT NULL,
    taken_at_ms bigint NOT NULL,
    taken_at_ns bigint DEFAULT 0 NOT NULL,
    tz text NOT NULL,
    local_date text NOT NULL COLLATE pg_catalog."C",
    answers text NOT NULL,
    action text NOT NULL,
    CONSTRAINT screens_action_check CHECK ((action = ANY (ARRAY['none'::text, 'soon'::text, 'urgent'::text, 'emergency'::text]))),
    CONSTRAINT screens_taken_at_ns_check CHECK (((taken_at_ns >= 0) AND (taken_at_ns <= 999999)))
);


--
-- Name: sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sessions (
    id text NOT NULL,
    owner text DEFAULT 'local'::text NOT NULL,
    practice text NOT NULL,
    variant text,
    minutes bigint NOT NULL,
    started_at_ms bigint NOT NULL,
    started_at_ns bigint DEFAULT 0 NOT NULL,
    tz text NOT NULL,
    local_date text NOT NULL COLLATE pg_catalog."C",
    actual_s bigint NOT NULL,
    completed bigint NOT NULL,
    pain_before bigint,
    pain_after bigint,
    stress_before bigint,
    stress_after bigint,
    pleasantness bigint,
    regions text DEFAULT '[]'::text NOT NULL,
    note text,
    CONSTRAINT sessions_actual_s_check CHECK ((actual_s >= 0)),
    CONSTRAINT sessions_completed_check CHECK ((completed = ANY (ARRAY[(0)::bigint, (1)::bigint]))),
    CONSTRAINT sessions_minutes_check CHECK ((minutes >= 0)),
    CONSTRAINT sessions_pain_after_check CHECK (((pain_after >= 0) AND (pain_after <= 10))),
    CONSTRAINT sessions_pain_before_check CHECK (((pain_before >= 0) AND (pain_before <= 10))),
    CONSTRAINT sessions_pleasantness_check CHECK (((pleasantness >= 0) AND (pleasantness <= 10))),
    CONSTRAINT sessions_started_at_ns_check CHECK (((started_at_ns >= 0) AND (started_at_ns <= 999999))),
    CONSTRAINT sessions_stress_after_check CHECK (((stress_after >= 0) AND (stress_after <= 10))),
    CONSTRAINT sessions_stress_before_check CHECK (((stress_before >= 0) AND (stress_before <= 10)))
);


--
-- Name: settings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.settings (
    owner text NOT NULL,
    body text NOT NULL
);


--
-- Data for Name: _sqlx_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public._sqlx_migrations (version, description, installed_on, success, checksum, execution_time) VALUES (1, 'journal', '2026-12-05 11:49:34.384614+00', true, '\x80b4c1cd3690ea2d6d9180e8c18833b668346710fa7a9a8ca43dd748c69175207c54b35dc8b341ad984c6652ac8168f0', 4676963);
INSERT INTO public._sqlx_migrations (version, description, installed_on, success, checksum, execution_time) VALUES (2, 'answers screens reminders settings', '2026-12-05 11:49:34.38948+00', true, '\xea352dd49c85eff1bb797de736ee2ce72711d022d9fc4ef31eae7fbe7c30c5bd3ea619dd66d840d89795d35eca6f76b5', 2755187);
INSERT INTO public._sqlx_migrations (version, description, installed_on, success, checksum, execution_time) VALUES (3, 'checkin flare', '2026-12-05 11:49:34.392994+00', true, '\xe0411f151b291d080f2d0829627377c393aab893eb8947e8f30c96bdca6644ca53f9d3d6c7114cb09fd60ea71d17ec4d', 1054934);


--
-- Data for Name: checkins; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.checkins (id, owner, recorded_at_ms, recorded_at_ns, tz, local_date, pain, stress, sleep, feel, regions, activity, note, flare) VALUES ('00000000-0000-0000-0000-000000c0ffee', 'local', 1770704142123, 456789, 'Europe/Berlin', '2026-02-10', 6, 0, 10, '["radiating","dull-ache","numbness-or-weakness"]', '["lower-back-left","calf-left"]', 'drove 3 h; O''Neil''s "bad" seat', 'stiff — 痛い; ''); DROP TABLE checkins; --', 1);
INSERT INTO public.checkins (id, owner, recorded_at_ms, recorded_at_ns, tz, local_date, pain, stress, sleep, feel, regions, activity, note, flare) VALUES ('00000000-0000-0000-0000-000000003001', 'local', 1772352000123, 456000, 'Europe/London', '2026-03-01', 2, NULL, NULL, '[]', '[]', NULL, NULL, 0);
INSERT INTO public.checkins (id, owner, recorded_at_ms, recorded_at_ns, tz, local_date, pain, stress, sleep, feel, regions, activity, note, flare) VALUES ('00000000-0000-0000-0000-000000003002', 'local', -1, 999999, 'UTC', '1969-12-31', 0, NULL, 3, '[]', '[]', NULL, 'before the epoch: ½ a night’s sleep', 0);
INSERT INTO public.checkins (id, owner, recorded_at_ms, recorded_at_ns, tz, local_date, pain, stress, sleep, feel, regions, activity, note, flare) VALUES ('00000000-0000-0000-0000-000000003003', 'local', 1772953199999, 999500, 'America/New_York', '2026-03-08', 7, 6, NULL, '["sharp","disturbed-sleep"]', '["lower-back","hip-right"]', NULL, NULL, 1);
INSERT INTO public.checkins (id, owner, recorded_at_ms, recorded_at_ns, tz, local_date, pain, stress, sleep, feel, regions, activity, note, flare) VALUES ('00000000-0000-0000-0000-000000003004', 'local', 1772953200000, 500, 'America/New_York', '2026-03-08', 6, NULL, NULL, '[]', '[]', 'couldn''t sleep; walked 10 min', NULL, 0);
INSERT INTO public.checkins (id, owner, recorded_at_ms, recorded_at_ns, tz, local_date, pain, stress, sleep, feel, regions, activity, note, flare) VALUES ('00000000-0000-0000-0000-000000003005', 'local', 1792888200250, 1, 'Europe/London', '2026-10-25', 5, NULL, 2, '["tension"]', '[]', NULL, NULL, 0);
INSERT INTO public.checkins (id, owner, recorded_at_ms, recorded_at_ns, tz, local_date, pain, stress, sleep, feel, regions, activity, note, flare) VALUES ('00000000-0000-0000-0000-000000003006', 'local', 1792891800250, 1, 'Europe/London', '2026-10-25', 5, NULL, NULL, '["tension","other"]', '[]', NULL, 'the same half hour again 🙃 — été', 0);
INSERT INTO public.checkins (id, owner, recorded_at_ms, recorded_at_ns, tz, local_date, pain, stress, sleep, feel, regions, activity, note, flare) VALUES ('00000000-0000-0000-0000-000000003007', 'local', 1771085710500, 0, 'Asia/Kolkata', '2026-02-14', 10, 10, 0, '["radiating","swollen","worse-with-activity","dull-ache"]', '["neck","shoulder-left","shoulder-right","upper-back"]', 'लंबी यात्रा (a long trip)', NULL, 0);
INSERT INTO public.checkins (id, owner, recorded_at_ms, recorded_at_ns, tz, local_date, pain, stress, sleep, feel, regions, activity, note, flare) VALUES ('00000000-0000-0000-0000-000000003008', 'local', -1722621600000, 999, 'Asia/Kathmandu', '1915-06-01', 1, NULL, NULL, '[]', '[]', NULL, 'an old date typed by mistake, kept as written', 0);


--
-- Data for Name: questionnaire_answers; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.questionnaire_answers (id, owner, instrument, answered_at_ms, answered_at_ns, tz, local_date, answers, score) VALUES ('00000000-0000-0000-0000-00000000a301', 'local', 'peg-3', 1772352000987, 654321, 'Europe/Berlin', '2026-03-01', '{"activity":6,"enjoyment":5,"pain":6}', 5.666666666666667);
INSERT INTO public.questionnaire_answers (id, owner, instrument, answered_at_ms, answered_at_ns, tz, local_date, answers, score) VALUES ('00000000-0000-0000-0000-00000000a302', 'local', 'phq-2', 1772355900000, 2000, 'Europe/London', '2026-03-01', '{"down":1,"interest":2}', 3);
INSERT INTO public.questionnaire_answers (id, owner, instrument, answered_at_ms, answered_at_ns, tz, local_date, answers, score) VALUES ('00000000-0000-0000-0000-00000000a303', 'local', 'gad-2', -14182940000, 500, 'America/Chicago', '1969-07-20', '{"nervous":0,"worrying":0}', 0);
INSERT INTO public.questionnaire_answers (id, owner, instrument, answered_at_ms, answered_at_ns, tz, local_date, answers, score) VALUES ('00000000-0000-0000-0000-00000000a304', 'local', 'peg-3', 1772953200000, 1500, 'America/New_York', '2026-03-08', '{"activity":9,"enjoyment":0,"pain":10}', 6.333333333333333);


--
-- Data for Name: reminders; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.reminders (id, owner, local_time, tz, label) VALUES ('00000000-0000-0000-0000-000000007e01', 'local', '08:30', 'Europe/London', 'A few minutes for backcalm');
INSERT INTO public.reminders (id, owner, local_time, tz, label) VALUES ('00000000-0000-0000-0000-000000007e02', 'local', '02:30', 'America/New_York', 'Atmen — 呼吸 🌙');


--
-- Data for Name: screens; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.screens (id, owner, taken_at_ms, taken_at_ns, tz, local_date, answers, action) VALUES ('00000000-0000-0000-0000-000000005c01', 'local', 1772272800100, 1, 'Europe/London', '2026-02-28', '{"bladder-change":false,"night-pain":false,"saddle-numbness":false}', 'none');
INSERT INTO public.screens (id, owner, taken_at_ms, taken_at_ns, tz, local_date, answers, action) VALUES ('00000000-0000-0000-0000-000000005c02', 'local', 1772953199999, 999999, 'America/New_York', '2026-03-08', '{"night-pain":true,"saddle-numbness":false}', 'soon');
INSERT INTO public.screens (id, owner, taken_at_ms, taken_at_ns, tz, local_date, answers, action) VALUES ('00000000-0000-0000-0000-000000005c03', 'local', -1, 999001, 'UTC', '1969-12-31', '{"one-leg-worsening":true,"saddle-numbness":false}', 'urgent');
INSERT INTO public.screens (id, owner, taken_at_ms, taken_at_ns, tz, local_date, answers, action) VALUES ('00000000-0000-0000-0000-000000005c04', 'local', 1792891800000, 500, 'Europe/London', '2026-10-25', '{"saddle-numbness":true}', 'emergency');


--
-- Data for Name: sessions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.sessions (id, owner, practice, variant, minutes, started_at_ms, started_at_ns, tz, local_date, actual_s, completed, pain_before, pain_after, stress_before, stress_after, pleasantness, regions, note) VALUES ('00000000-0000-0000-0000-000000005e55', 'local', 'guided-imagery', 'lake', 15, 1770777600000, 1, 'America/New_York', '2026-02-10', 731, 0, 7, 5, 8, 3, 9, '["mid-back","shoulder-right"]', 'fell asleep near the end');
INSERT INTO public.sessions (id, owner, practice, variant, minutes, started_at_ms, started_at_ns, tz, local_date, actual_s, completed, pain_before, pain_after, stress_before, stress_after, pleasantness, regions, note) VALUES ('00000000-0000-0000-0000-000000005001', 'local', 'natural-breath', NULL, 5, 1772434800000, 1000, 'Europe/London', '2026-03-02', 300, 1, NULL, NULL, NULL, NULL, NULL, '[]', NULL);
INSERT INTO public.sessions (id, owner, practice, variant, minutes, started_at_ms, started_at_ns, tz, local_date, actual_s, completed, pain_before, pain_after, stress_before, stress_after, pleasantness, regions, note) VALUES ('00000000-0000-0000-0000-000000005002', 'local', 'paced-breathing', '4-6', 10, 1771117200333, 333333, 'Asia/Kolkata', '2026-02-15', 602, 1, 6, 4, NULL, NULL, NULL, '[]', NULL);
INSERT INTO public.sessions (id, owner, practice, variant, minutes, started_at_ms, started_at_ns, tz, local_date, actual_s, completed, pain_before, pain_after, stress_before, stress_after, pleasantness, regions, note) VALUES ('00000000-0000-0000-0000-000000005003', 'local', 'pmr', NULL, 20, 1774745999999, 999999, 'Europe/London', '2026-03-29', 95, 0, NULL, NULL, NULL, NULL, NULL, '["calf-left"]', 'stopped: the phone rang');
INSERT INTO public.sessions (id, owner, practice, variant, minutes, started_at_ms, started_at_ns, tz, local_date, actual_s, completed, pain_before, pain_after, stress_before, stress_after, pleasantness, regions, note) VALUES ('00000000-0000-0000-0000-000000005004', 'local', 'guided-imagery', 'forest', 15, 1772955000000, 999, 'America/New_York', '2026-03-08', 900, 1, NULL, NULL, 9, 2, 8, '[]', NULL);
INSERT INTO public.sessions (id, owner, practice, variant, minutes, started_at_ms, started_at_ns, tz, local_date, actual_s, completed, pain_before, pain_after, stress_before, stress_after, pleasantness, regions, note) VALUES ('00000000-0000-0000-0000-000000005005', 'local', 'sitting-meditation', NULL, 1, -1000, 1, 'America/New_York', '1969-12-31', 60, 1, NULL, NULL, NULL, NULL, NULL, '[]', NULL);


--
-- Data for Name: settings; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.settings (owner, body) VALUES ('local', '{"weekly_goal_minutes":90,"show_streak":true,"country":"other","crisis":{"lines":[{"place":"Nepal","emergency":"100","urgent_advice":null,"crisis":"1166 (free)"}]},"announce_phases":false,"reminders_per_day":2,"program_start":"2026-03-01"}');


--
-- Name: _sqlx_migrations _sqlx_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public._sqlx_migrations
    ADD CONSTRAINT _sqlx_migrations_pkey PRIMARY KEY (version);


--
-- Name: checkins checkins_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.checkins
    ADD CONSTRAINT checkins_pkey PRIMARY KEY (id);


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
-- Name: checkins_by_day; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX checkins_by_day ON public.checkins USING btree (local_date, recorded_at_ms, recorded_at_ns);


--
-- Name: questionnaire_answers_by_day; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX questionnaire_answers_by_day ON public.questionnaire_answers USING btree (instrument, local_date, answered_at_ms, answered_at_ns);


--
-- Name: screens_by_time; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX screens_by_time ON public.screens USING btree (taken_at_ms, taken_at_ns);


--
-- Name: sessions_by_day; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sessions_by_day ON public.sessions USING btree (local_date, started_at_ms, started_at_ns);


--
-- PostgreSQL database dump complete
--


