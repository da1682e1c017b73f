/**
 * Hand-written cases for every format the issue names. `phi` strings must be fully covered by
 * detected spans; `safe` strings must not be touched. Names, places and numbers here are invented
 * and deliberately differ from the dev corpus.
 */
export interface Case {
  name: string;
  text: string;
  phi: string[];
  safe?: string[];
}

export const PHI_CASES: Case[] = [
  // ---- names
  {
    name: 'title + surname',
    text: 'Seen today with Mrs. Okafor and Dr. Lindqvist-Moreno from nephrology.',
    phi: ['Okafor', 'Lindqvist-Moreno'],
  },
  {
    name: 'first name only after relation',
    text: 'Her granddaughter Priyanka visits every evening and her son Mark stays overnight.',
    phi: ['Priyanka', 'Mark'],
  },
  {
    name: 'first name only with speech verb',
    text: 'We met the family at the bedside. Yusuf said he wants his father home. Beatrix agreed.',
    phi: ['Yusuf', 'Beatrix'],
  },
  { name: 'initials', text: 'Pt J.K. is an 80 y/o with CHF. Mr. T. was seen by the team.', phi: ['J.K', 'T'] },
  {
    name: 'lowercase names',
    text: 'spoke w/ pt and her daughter rosalind kaczmarek, who is the hcp. rosalind asked about hospice.',
    phi: ['rosalind kaczmarek', 'rosalind'],
  },
  { name: 'LAST, First', text: 'Patient: OYELARAN, Folasade\nAdmitted for pain crisis.', phi: ['OYELARAN', 'Folasade'] },
  { name: 'Last, First in prose', text: 'Referral for Quintero, Marisol came in overnight.', phi: ['Quintero', 'Marisol'] },
  {
    name: 'names that are common words',
    text: 'His wife, Joy, and their son, Hunter, were present. Joy asked whether he is dying. Dr. Hope Castillo led the meeting.',
    phi: ['Joy', 'Hunter', 'Hope Castillo'],
  },
  {
    name: 'chaplain and faith leaders',
    text: 'Rabbi Feinstein and Imam Haddadi both visited; Father Tadeusz Wrobel gave the anointing.',
    phi: ['Feinstein', 'Haddadi', 'Tadeusz Wrobel'],
  },
  { name: 'signature', text: 'Thoughts welcome.\n\nThanks,\nMarguerite Ellison, LCSW', phi: ['Marguerite Ellison'] },
  { name: 'signature dash', text: 'Any advice appreciated. -- Tobias Reinholt RN', phi: ['Tobias Reinholt'] },
  {
    name: 'non-English names',
    text: 'Nguyen Thi Lan, 74, lives with her nephew Babajide Oyelowo and his wife Chidinma.',
    phi: ['Nguyen Thi Lan', 'Babajide Oyelowo', 'Chidinma'],
  },
  { name: 'name across a line break', text: 'The patient, Cordelia\nWhitacre, was admitted overnight.', phi: ['Cordelia', 'Whitacre'] },
  {
    name: 'possessive',
    text: "We honoured Ignatius's wish to die at home; Ignatius Farrow had been a pilot.",
    phi: ['Ignatius', 'Ignatius Farrow'],
  },
  { name: 'employer', text: 'He worked for 30 years at the Tillotson Hardware plant before retiring.', phi: ['Tillotson'] },
  // ---- places
  {
    name: 'street address with unit',
    text: 'Home visit at 77 North Larchmont Blvd, Apt 3C, Hartsville, SC 29550-1234.',
    phi: ['77 North Larchmont Blvd', 'Hartsville', '29550-1234'],
  },
  { name: 'lowercase address', text: 'lives at 4410 old mill rd with her sister.', phi: ['4410 old mill rd'] },
  {
    name: 'PO box and rural route',
    text: 'Mail goes to P.O. Box 1182; the farm is on RR 2 Box 41.',
    phi: ['P.O. Box 1182', 'RR 2 Box 41'],
  },
  {
    name: 'city with preposition',
    text: 'Her sister drove down from Tuscaloosa and the son lives in Bozeman.',
    phi: ['Tuscaloosa', 'Bozeman'],
  },
  { name: 'multi-word city', text: 'They retired to Cape Girardeau after years in Grand Rapids.', phi: ['Cape Girardeau', 'Grand Rapids'] },
  {
    name: 'county and parish',
    text: 'She lives in rural Coconino County; her brother is in Tangipahoa Parish.',
    phi: ['Coconino County', 'Tangipahoa Parish'],
  },
  {
    name: 'facilities',
    text: 'Transferred from Saint Brendan Regional Hospital to Willow Creek Hospice House, then to the Maplewood Manor nursing home.',
    phi: ['Saint Brendan Regional Hospital', 'Willow Creek Hospice House', 'Maplewood Manor'],
  },
  { name: 'church', text: 'He is a deacon at Mount Zion Missionary Baptist Church.', phi: ['Mount Zion Missionary Baptist Church'] },
  { name: 'foreign city', text: 'The family flew in from Guadalajara and Kraków last week.', phi: ['Guadalajara', 'Kraków'] },
  { name: 'zip context', text: 'Same zip code 97402 as the clinic.', phi: ['97402'] },
  // ---- dates
  {
    name: 'numeric dates',
    text: 'Admitted 3/4/24, discharged 2024-03-09, seen again 09.03.2024 and on 3/14.',
    phi: ['3/4/24', '2024-03-09', '09.03.2024', '3/14'],
  },
  {
    name: 'text dates',
    text: 'Died on the 3rd of February 2023. Follow-up Feb. 17th. Surgery was 14 Aug 2019. Birthday in Sept 2022.',
    phi: ['3rd of February 2023', 'Feb. 17th', '14 Aug 2019', 'Sept 2022'],
  },
  {
    name: 'month with preposition',
    text: 'She has been declining since October and was hospitalized in mid-March.',
    phi: ['October', 'March'],
  },
  { name: 'date with weekday', text: 'Family meeting on Tuesday, June 4 at 2 pm.', phi: ['June 4'] },
  { name: 'ISO timestamp', text: 'Message logged 2023-11-02T14:31:00Z by the portal.', phi: ['2023-11-02T14:31:00Z'] },
  { name: 'holiday with year', text: 'He wanted to be home for Christmas 2023.', phi: ['Christmas 2023'] },
  // ---- ages
  {
    name: 'ages over 89',
    text: 'A 93 yo woman; her husband, 97, is her caregiver. She turned 100 in May. Aged 91.',
    phi: ['93', '97', '100', '91'],
  },
  { name: 'ages in words', text: 'A ninety-two-year-old man in his late 90s.', phi: ['ninety-two', '90s'] },
  { name: 'birth year revealing age', text: 'Born in 1928, she outlived three siblings.', phi: ['1928'] },
  { name: 'nonagenarian', text: 'A nonagenarian with advanced dementia.', phi: ['nonagenarian'] },
  // ---- contact
  {
    name: 'phones',
    text: 'Cell: 206 555 0187; home (425)555-0143 ext. 22; toll line 1-800-555-0199.',
    phi: ['206 555 0187', '(425)555-0143 ext. 22', '1-800-555-0199'],
  },
  {
    name: 'international phones',
    text: 'Son in London: +44 20 7946 0958; daughter in Sydney +61 2 9374 4000; UK mobile 07700 900461.',
    phi: ['+44 20 7946 0958', '+61 2 9374 4000', '07700 900461', 'London', 'Sydney'],
  },
  { name: 'fax', text: 'Please fax the MOLST to 503-555-0172.', phi: ['503-555-0172'] },
  { name: 'spelled-out phone', text: 'Call her at five five five, oh one four seven two.', phi: ['five five five, oh one four seven two'] },
  {
    name: 'emails and obfuscated emails',
    text: 'Write to t.abernathy@gmail.com or tess dot abernathy at outlook dot com or tessa [at] yahoo [dot] com.',
    phi: ['t.abernathy@gmail.com', 'tess dot abernathy at outlook dot com', 'tessa [at] yahoo [dot] com'],
  },
  {
    name: 'urls',
    text: 'See http://bit.ly/3xYzQ and facebook.com/rememberingjoe and www.legacy.com/obituaries/kline.',
    phi: ['http://bit.ly/3xYzQ', 'facebook.com/rememberingjoe', 'www.legacy.com/obituaries/kline'],
  },
  {
    name: 'ip addresses',
    text: 'Logins from 10.20.30.44 and 2001:db8:85a3::8a2e:370:7334 were blocked.',
    phi: ['10.20.30.44', '2001:db8:85a3::8a2e:370:7334'],
  },
  // ---- identifiers
  {
    name: 'ssn forms',
    text: 'SSN 512 44 9087, social security number ending in 4471, and ssn: 512449087.',
    phi: ['512 44 9087', '4471', '512449087'],
  },
  { name: 'mrn forms', text: 'MRN: A0048812, med rec # 55-21-907, chart number 0099123.', phi: ['A0048812', '55-21-907', '0099123'] },
  {
    name: 'health plan',
    text: 'Medicaid # NY4451987C; Medicare MBI 1EG4TE5MK73; NHS number 943 476 5919; policy number XGH-20993-01.',
    phi: ['NY4451987C', '1EG4TE5MK73', '943 476 5919', 'XGH-20993-01'],
  },
  { name: 'accounts', text: 'Acct #0045-9981-22 and card ending 4412 on file.', phi: ['0045-9981-22', '4412'] },
  {
    name: 'licences',
    text: "Driver's licence D123-4567-8901; DEA AB1234563; NPI 1234567893; RN license 0923381.",
    phi: ['D123-4567-8901', 'AB1234563', '1234567893', '0923381'],
  },
  { name: 'vehicles', text: 'Plate 7XYZ 221 on a van, VIN 1HGCM82633A004352.', phi: ['7XYZ 221', '1HGCM82633A004352'] },
  {
    name: 'devices',
    text: 'Pacemaker S/N PJN447210R; pump serial number 22-AB-4471; MAC 00:1A:2B:3C:4D:5E.',
    phi: ['PJN447210R', '22-AB-4471', '00:1A:2B:3C:4D:5E'],
  },
  {
    name: 'ids written in groups',
    text: 'The registry number is 2113 8785; member ID: ABC 123456789; MRN 123 456 789; Medicare number 1EG4 TE5 MK73.',
    phi: ['2113 8785', 'ABC 123456789', '123 456 789', '1EG4 TE5 MK73'],
  },
  {
    name: 'other ids',
    text: 'Hospice case #HC-44819; confirmation code QX7R2P9; badge 00417722.',
    phi: ['HC-44819', 'QX7R2P9', '00417722'],
  },
];

export const SAFE_CASES: Case[] = [
  {
    name: 'eponyms',
    text: 'History of Parkinson disease, Hodgkin lymphoma in remission, Kaposi sarcoma, Alzheimer dementia, Lewy body features, Crohn disease and Down syndrome. Cheyne-Stokes breathing noted.',
    phi: [],
    safe: ['Parkinson', 'Hodgkin', 'Kaposi', 'Alzheimer', 'Lewy', 'Crohn', 'Down', 'Cheyne-Stokes'],
  },
  {
    name: 'place-named scales',
    text: 'Glasgow Coma Scale 9. Edmonton Symptom Assessment System completed; Richmond Agitation-Sedation Scale -2. Ann Arbor stage III.',
    phi: [],
    safe: ['Glasgow', 'Edmonton', 'Richmond', 'Ann Arbor'],
  },
  {
    name: 'procedure eponyms',
    text: 'Foley catheter placed; prior Whipple procedure; Hartmann procedure in 2015; Hickman line removed.',
    phi: [],
    safe: ['Foley', 'Whipple', 'Hartmann', 'Hickman', '2015'],
  },
  {
    name: 'drugs and doses',
    text: 'Morphine 5 mg q4h PRN, hydromorphone 0.5 mg SC q2h, haloperidol 1 mg at bedtime, Dilaudid PCA, Ativan 0.5 mg.',
    phi: [],
    safe: ['Morphine', '5 mg', 'q4h', 'Dilaudid', 'Ativan'],
  },
  {
    name: 'scores',
    text: 'PPS 40%. ESAS pain 7/10, dyspnea 5/10. PHQ-9 of 14, GAD-7 of 8. BP 94/58, HR 112. Carbidopa/levodopa 25/100.',
    phi: [],
    safe: ['PPS 40%', '7/10', '5/10', '94/58', '25/100'],
  },
  {
    name: 'stage and codes',
    text: 'Stage IV pancreatic cancer, ICD-10 C25.9 and Z51.5; CPT 99497 and 99498 billed for ACP.',
    phi: [],
    safe: ['Stage IV', 'C25.9', 'Z51.5', '99497', '99498'],
  },
  { name: 'years alone', text: 'Diagnosed in 2019, relapsed in 2022, on hospice since 2024.', phi: [], safe: ['2019', '2022', '2024'] },
  {
    name: 'the safe age form 90+',
    text: 'Patient aged 90+ with COPD; the template says age 90 or older is recorded as 90+.',
    phi: [],
    safe: ['90+', '90 or older'],
  },
  {
    name: 'ages up to 89',
    text: 'An 89-year-old woman; her husband is 85 and her son, 60, lives nearby.',
    phi: [],
    safe: ['89', '85', '60'],
  },
  {
    name: 'relative time',
    text: 'On day 3 of admission, POD 2 after surgery, hospital day 5, and 6 weeks after diagnosis.',
    phi: [],
    safe: ['day 3', 'POD 2', 'day 5', '6 weeks'],
  },
  {
    name: 'generic roles',
    text: 'The daughter and the attending disagree; the son is the health care proxy and the chaplain visited.',
    phi: [],
    safe: ['daughter', 'attending', 'son', 'chaplain'],
  },
  {
    name: 'state names',
    text: 'She moved from Georgia to Washington and has family in Virginia and New Mexico. Lives in OH.',
    phi: [],
    safe: ['Georgia', 'Washington', 'Virginia', 'New Mexico', 'OH'],
  },
  {
    name: 'common words that are names',
    text: 'She has lost hope. Faith matters to him. His will is clear. Frank hematuria. Temperature rose overnight. Grace before meals.',
    phi: [],
    safe: ['hope', 'Faith', 'will', 'Frank', 'rose', 'Grace'],
  },
  {
    name: 'times and units',
    text: 'Seen at 0300 and 2140. Fentanyl 25 mcg/h patch; 1000 mL NS; weight 54 kg; 5/7 days of antibiotics, 3/52 history.',
    phi: [],
    safe: ['0300', '2140', '25 mcg/h', '1000 mL', '5/7', '3/52'],
  },
  {
    name: 'payers and faith',
    text: 'Medicare hospice benefit; Blue Cross Blue Shield plan. Catholic, attends Mass on Sundays, prays the Rosary; the Serenity Prayer helps.',
    phi: [],
    safe: ['Medicare', 'Blue Cross Blue Shield', 'Catholic', 'Mass', 'Sundays', 'Rosary', 'Serenity'],
  },
  {
    name: 'countries and languages',
    text: 'Spanish-speaking family from Mexico; interpreter for Vietnamese and Tagalog. Originally from the Philippines, then Nigeria.',
    phi: [],
    safe: ['Spanish', 'Mexico', 'Vietnamese', 'Tagalog', 'Philippines', 'Nigeria'],
  },
  {
    name: 'Dr. without a name',
    text: 'The attending Dr. believes the prognosis is weeks. Palliative Care consult placed. Hospice and Palliative Medicine fellow saw her.',
    phi: [],
    safe: ['Dr.', 'Palliative Care', 'Hospice'],
  },
  {
    name: 'clinical headings',
    text: 'Assessment and Plan:\nPain: improved.\nGoals of Care: comfort focused.\nCode Status: DNR/DNI.\nDisposition: home with hospice.',
    phi: [],
    safe: ['Assessment', 'Pain', 'Goals', 'Code Status', 'Disposition'],
  },
  {
    name: 'regions, therapies, observances',
    text: 'She found comfort in Reiki and Tai Chi; the family celebrates Tet and Día de los Muertos; relatives in West Africa and Southeast Asia; the Gullah community; after Hajj.',
    phi: [],
    safe: ['Reiki', 'Tai Chi', 'Tet', 'Día de los Muertos', 'West Africa', 'Southeast Asia', 'Gullah', 'Hajj'],
  },
  {
    name: 'lab counts and device makers',
    text: 'Platelets 150000, viral load 250000 copies, NT-proBNP 12500. Boston Scientific ICD; St. Jude Medical leads; on Vapotherm; Hoyer lift; PureWick.',
    phi: [],
    safe: ['150000', '250000', '12500', 'Boston Scientific', 'St. Jude Medical', 'Vapotherm', 'Hoyer'],
  },
  {
    name: 'model numbers and labs',
    text: 'Medtronic model W1DR01 ICD; sodium 128, albumin 2.1, creatinine 1.8, eGFR 28, WBC 14.2, platelets 95.',
    phi: [],
    safe: ['W1DR01', '128', '2.1', '95'],
  },
];

/** Longer notes in styles other than the dev corpus (chat, bullets, lowercase, headings). */
export const NOTE_CASES: Case[] = [
  {
    name: 'chatty learner post',
    text: "hey all - question. my pt (lets call her mrs k) is 91 and lives w/ her grandson dmitri in a trailer outside of Tupelo. he called me at 662-555-0148 crying last nite. she's on oxycodone 5mg q4h prn + senna. ppl think hospice? she goes to Calvary Chapel every sunday. thx!!",
    phi: ['k', '91', 'dmitri', 'Tupelo', '662-555-0148', 'Calvary Chapel'],
    safe: ['oxycodone', 'senna', 'hospice', 'sunday'],
  },
  {
    name: 'bulleted handoff',
    text: '- Pt: Ezekiel Marchbanks, 88M\n- DOB: 04/11/1936\n- Attending: Dr Pham\n- Family: wife Loretta (HCP), daughter Imani in Atlanta\n- Dispo: Sunrise Gardens ALF on Friday\n- Code: DNR/DNI, POLST on file',
    phi: ['Ezekiel Marchbanks', '04/11/1936', 'Pham', 'Loretta', 'Imani', 'Atlanta', 'Sunrise Gardens'],
    safe: ['88M', 'DNR/DNI', 'POLST', 'Friday'],
  },
  {
    name: 'ethics narrative',
    text: 'The surrogate, Ms. Abena Owusu-Ansah, insists on full code. Her brother Kofi disagrees. The ethics consult (Dr. Rachel Stein) recommended a time-limited trial. Mr. Owusu-Ansah Sr. was a deacon at Ebenezer AME Church in Dayton.',
    phi: ['Abena Owusu-Ansah', 'Kofi', 'Rachel Stein', 'Owusu-Ansah', 'Ebenezer AME Church', 'Dayton'],
    safe: ['full code', 'time-limited trial'],
  },
  {
    name: 'pharmacy question',
    text: 'Converting Dilaudid 2 mg PO q3h to a fentanyl patch for a 72-year-old with ESRD on HD (Tue/Thu/Sat). Any concerns with methadone given QTc 480? Also asked by Brett Yamamoto, PharmD.',
    phi: ['Brett Yamamoto'],
    safe: ['Dilaudid', '72', 'ESRD', 'Tue/Thu/Sat', 'QTc 480', 'methadone'],
  },
  {
    name: 'family meeting with word names',
    text: 'Family meeting. Present: patient, wife Rose, son Bill, daughter Summer, and grandson Chase. Rose asked if morphine will hasten death. Bill wants everything done. Summer is the HCP.',
    phi: ['Rose', 'Bill', 'Summer', 'Chase'],
    safe: ['morphine', 'HCP'],
  },
  {
    name: 'international family',
    text: 'Her son lives in Lagos, Nigeria and her daughter in Manchester, England. The patient was born in Kumasi and worked as a teacher at Prempeh College.',
    phi: ['Lagos', 'Manchester', 'Kumasi', 'Prempeh College'],
    safe: ['Nigeria', 'England'],
  },
  {
    name: 'dates in many notations',
    text: 'Timeline: dx 12-Jan-2021; chemo started Jan 20th; progression noted 2022.06.30; hospice enrollment 7 Nov; died 11/29/23 at 0415.',
    phi: ['12-Jan-2021', 'Jan 20th', '2022.06.30', '7 Nov', '11/29/23'],
    safe: ['0415'],
  },
  {
    name: 'ages in many notations',
    text: 'Pt is a 104 y.o. female. Her sister (aged ninety-six) also lives at home. A 95-yo man down the hall. Mother died at 99. A man in his nineties.',
    phi: ['104', 'ninety-six', '95', '99', 'nineties'],
    safe: [],
  },
  {
    name: 'ids without keywords next to them',
    text: 'Please reference the following when calling the insurer: member W4471-0038-2, group 88120. Her hearing aid (serial no. HA7730219) was lost.',
    phi: ['W4471-0038-2', '88120', 'HA7730219'],
    safe: [],
  },
  {
    name: 'clinical note with many capitalised terms',
    text: 'Assessment: Stage IV NSCLC with brain mets, KPS 40, PPS 30%. Plan: continue Decadron 4 mg BID, start Keppra 500 mg BID, Zofran PRN. Consider Ensure TID. Discussed Medicare Hospice Benefit; referred to Social Work and Chaplaincy. GOC per SICG: patient values time at home. Edmonton Zone, Braden score 12, Morse Fall Scale 45.',
    phi: [],
    safe: [
      'Decadron',
      'Keppra',
      'Zofran',
      'Ensure',
      'Medicare Hospice Benefit',
      'Social Work',
      'Chaplaincy',
      'Edmonton',
      'Braden',
      'Morse',
    ],
  },
  {
    name: 'teaching case without PHI',
    text: 'A 58-year-old man with metastatic prostate cancer has bone pain 8/10 despite morphine SR 60 mg BID. He is a veteran and attends the VA clinic. His partner is worried about addiction. What would you do next? Would you add dexamethasone or consider radiation? References: NCCN guidelines 2024, Temel et al. NEJM 2010.',
    phi: [],
    safe: ['58', 'VA', 'NCCN', 'Temel', 'NEJM', '2010'],
  },
  {
    name: 'names of clinicians in a thread',
    text: 'Agree with Dr. Nwachukwu. @Priya I think a low dose of haloperidol is fine. Also looping in our pharmacist, Stanislav.',
    phi: ['Nwachukwu', 'Priya', 'Stanislav'],
    safe: ['haloperidol'],
  },
  {
    name: 'forms, nicknames, apostrophes, landmarks',
    text: 'Patient Name: Gutierrez, Alma R.\nPt: 93F with CHF. Mother (Ruth, 92) lives with her. Temp 99 F.\ncc: Dr. A. Patel; presented by J. Morales, RN. Spoke to spouse (Arturo) by phone. Daughter-in-law, Mei-Ling Chen, is the HCP. Ms. O\'Connor and Mr. McKinley-Ross were present; Ms. D\'Souza interpreted. Grandson goes by "Bubba". Her son is stationed at Fort Bragg. Transferred from Mass General. Admitted March fourteenth.',
    phi: [
      'Gutierrez',
      'Alma R',
      '93',
      'Ruth',
      '92',
      'A. Patel',
      'J. Morales',
      'Arturo',
      'Mei-Ling Chen',
      "O'Connor",
      'McKinley-Ross',
      "D'Souza",
      'Bubba',
      'Fort Bragg',
      'Mass General',
      'March fourteenth',
    ],
    safe: ['Patient Name', '99 F', 'CHF', 'HCP'],
  },
  {
    name: 'all-lowercase note',
    text: 'spoke w mr smith and dr jones re: his wife. she lives in akron and was admitted march 3rd. pt is 94. her son will visit. dr believes hospice is right.',
    phi: ['smith', 'jones', 'akron', 'march 3rd', '94'],
    safe: ['will visit', 'dr believes', 'hospice'],
  },
  {
    name: 'particles, suffixes, sentence-initial surnames, more ages and dates',
    text: 'Seen with Maria de la Cruz and Pieter van der Berg; James Smith Jr. signed. Oduya was present. A 92 yr female. Seen Jan-03. The de facto plan stands. Dyspnea was worse.',
    phi: ['Maria de la Cruz', 'Pieter van der Berg', 'James Smith Jr', 'Oduya', '92', 'Jan-03'],
    safe: ['de facto', 'Dyspnea'],
  },
  {
    name: 'family surnames that are words, weekday ordinals, spaced local numbers',
    text: 'We met the Smith family. I spoke with King about it. Seen Sunday the 14th. Her cell is 555 0142. Dose 500 1000 mg.',
    phi: ['Smith', 'King', '14th', '555 0142'],
    safe: ['500 1000 mg'],
  },
  {
    name: 'a mixed post in another voice',
    text: "Case for Thursday's ECHO session. Mrs. Adaeze Nwosu-Hartley (b. 12 Feb 1931) is a retired seamstress who emigrated from Enugu in 1978 and now lives with her granddaughter Chiamaka at 3318 Ridgeview Terrace, Apt 12, Bloomington, IN 47401-5512. She was admitted to IU Health Bloomington Hospital on Feb 2nd for a fall and found to have metastatic breast cancer. Her pastor, the Rev. Dele Okonjo of Living Faith Chapel, visits daily. Her son Obinna (cell +1 (812) 555-0190; obinna.nwosu at yahoo dot com) lives in Houston and is her MPOA. She is 94, PPS 30%, ESAS pain 8/10 on oxycodone 5 mg q4h. Her Medicare MBI is 5EG4-TE5-MK72 and her Anthem member number is ZXH 88213 4471. The hospital chaplain, Sister Bernadette, suggested a Catholic sacrament but the family is Anglican. Obinna asked whether the hospice in Monroe County can take her; the intake coordinator there is Kayleigh. The family's GoFundMe is gofundme.com/f/grandma-adaeze. Thoughts on opioid rotation welcome. - Priyanka S., PGY-3",
    phi: [
      'Adaeze Nwosu-Hartley',
      '12 Feb 1931',
      'Enugu',
      'Chiamaka',
      '3318 Ridgeview Terrace, Apt 12',
      'Bloomington,',
      '47401-5512',
      'IU Health Bloomington Hospital',
      'Feb 2nd',
      'Dele Okonjo',
      'Living Faith Chapel',
      'Obinna',
      '+1 (812) 555-0190',
      'obinna.nwosu at yahoo dot com',
      'Houston',
      '94,',
      '5EG4-TE5-MK72',
      'ZXH 88213 4471',
      'Bernadette',
      'Monroe County',
      'Kayleigh',
      'gofundme.com/f/grandma-adaeze',
      'Priyanka S',
    ],
    safe: ['Thursday', 'ECHO', 'PPS 30%', '8/10', 'oxycodone 5 mg q4h', 'Catholic', 'Anglican', 'PGY-3', 'Sister'],
  },
];
