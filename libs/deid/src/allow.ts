/**
 * Hand-curated knowledge: words and phrases that look like PHI but are not (Philter-style "safe"
 * filters), plus the context vocabularies the detector keys on. Lowercase unless noted.
 */

const set = (s: string): Set<string> =>
  new Set(
    s
      .trim()
      .split(/\s*\|\s*|\s*\n\s*/)
      .filter(Boolean)
      .map((x) => x.toLowerCase()),
  );

/** US states and territories (Safe Harbor allows state-level geography). */
export const US_STATES: Record<string, string> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  DC: 'District of Columbia',
  PR: 'Puerto Rico',
  GU: 'Guam',
  VI: 'Virgin Islands',
};
export const STATE_NAMES = new Set(Object.values(US_STATES).map((s) => s.toLowerCase()));
export const STATE_WORDS = new Set(
  Object.values(US_STATES)
    .flatMap((s) => s.toLowerCase().split(' '))
    .filter((w) => !['new', 'north', 'south', 'west', 'of', 'islands', 'district'].includes(w)),
);

export const MONTHS = set(
  'jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|may|june|july|august|september|october|november|december',
);
export const DAYS = set(
  'mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekend|weekday',
);
export const HOLIDAYS = set(
  'christmas|thanksgiving|easter|halloween|hanukkah|chanukah|passover|ramadan|diwali|eid|kwanzaa|lent|advent|yom|kippur|rosh|hashanah|juneteenth|valentine|new year',
);

/** Religions, scripture, deities, rites: spiritual-care notes are full of capitalised non-names. */
export const RELIGION = set(`
catholic|catholics|catholicism|protestant|lutheran|lutherans|baptist|baptists|methodist|methodists|presbyterian|episcopal|episcopalian|
anglican|pentecostal|evangelical|orthodox|mormon|lds|adventist|quaker|quakers|amish|mennonite|unitarian|christian|christians|christianity|
muslim|muslims|islam|islamic|sunni|shia|shiite|sufi|hasidic|reform|conservative|seventh-day|adventists|jewish|jew|jews|judaism|hindu|hindus|hinduism|buddhist|buddhists|buddhism|sikh|sikhs|sikhism|jain|bahai|
shinto|taoist|atheist|agnostic|wiccan|jehovah|jehovah's|witness|witnesses|latter|saints|god|god's|gods|jesus|christ|allah|buddha|lord|
lord's|holy|spirit|bible|biblical|scripture|scriptures|gospel|psalm|psalms|quran|koran|torah|talmud|sabbath|shabbat|mass|communion|
eucharist|sacrament|sacraments|rosary|rites|anointing|confession|baptism|prayer|prayers|serenity|hail|amen|heaven|hell|paradise|
church|synagogue|mosque|temple|chaplain|chaplaincy|pastor|priest|rabbi|imam|deacon|minister|reverend|father|sister|brother|nun|monk|
kaddish|shiva|janazah|sunnah|ramadan|lent|vespers|hymn|hymns|apostle|apostles|genesis|exodus|job|revelation|corinthians|romans|
psalter|madonna|virgin|pope|vatican|zen|karma|nirvana|dharma|om|namaste|shalom|inshallah|mecca|ganges|veteran|veterans`);

/** Nationalities, ethnicities, languages not covered by Intl.DisplayNames. */
export const DEMONYMS = set(`
american|americans|african|african-american|hispanic|latino|latina|latinx|latine|caucasian|asian|asian-american|native|indigenous|
navajo|cherokee|lakota|ojibwe|hopi|apache|sioux|inuit|hmong|haitian|creole|cajun|mexican|cuban|puerto|rican|dominican|salvadoran|
guatemalan|honduran|colombian|venezuelan|peruvian|brazilian|argentine|chilean|jamaican|trinidadian|canadian|british|english|irish|
scottish|welsh|french|german|italian|spanish|portuguese|dutch|swedish|norwegian|danish|finnish|polish|czech|slovak|hungarian|romanian|
bulgarian|serbian|croatian|bosnian|albanian|greek|turkish|russian|ukrainian|belarusian|lithuanian|latvian|estonian|armenian|georgian|
azerbaijani|iranian|persian|iraqi|syrian|lebanese|jordanian|palestinian|israeli|egyptian|moroccan|algerian|tunisian|libyan|sudanese|
ethiopian|eritrean|somali|somalian|kenyan|ugandan|tanzanian|nigerian|ghanaian|liberian|senegalese|congolese|cameroonian|rwandan|
burundian|zimbabwean|zambian|south|african|indian|pakistani|afghan|bangladeshi|nepali|nepalese|sri|lankan|tamil|burmese|karen|thai|
lao|laotian|cambodian|khmer|vietnamese|filipino|filipina|indonesian|malaysian|chinese|taiwanese|korean|japanese|mongolian|australian|
samoan|tongan|fijian|hawaiian|marshallese|chamorro|arab|arabic|kurdish|pashto|dari|farsi|urdu|hindi|punjabi|gujarati|bengali|telugu|
marathi|tagalog|cantonese|mandarin|swahili|amharic|tigrinya|oromo|yoruba|igbo|hausa|twi|wolof|haitian|yiddish|hebrew|latin|sign|asl|
european|scandinavian|slavic|balkan|nordic|caribbean|pacific|middle|eastern|western|northern|southern|midwest|midwestern|appalachian|
new|england|africa|asia|europe|americas|america|antarctica|oceania|appalachia|belt|northwest|southwest|northeast|southeast|
yupik|inupiat|aleut|gullah|hutterite|romani|roma|pacific|islander|islanders|alaskan|desi|arabic-speaking|spanish-speaking|
reiki|tai|chi|qigong|ayurveda|ayurvedic|pilates|montessori|feng|shui|curandero|curandera|santeria|vodou|voodoo|shaman|shamanic|
tet|hajj|umrah|quinceañera|quinceanera|navratri|holi|vesak|nowruz|lunar|muertos|kwanzaa|sukkot|purim|shavuot|
bar|bat|mitzvah|sabbath|jumu'ah|jummah|iftar|suhoor|zakat|dua|salah|wudu|ghusl|kirtan|puja|samskara|antyesti|bardo|sangha`);

/** Payers, agencies, programmes, organisations whose names are not identifiers. */
export const ORGS = set(`
medicare|medicaid|medi-cal|medigap|tricare|champva|humana|aetna|cigna|anthem|kaiser|permanente|unitedhealthcare|unitedhealth|united|
optum|molina|centene|ambetter|wellcare|highmark|amerigroup|elevance|caresource|blue|cross|shield|bcbs|oscar|oxford|geisinger|
social|security|ssa|ssi|ssdi|va|vha|veterans|affairs|cms|fda|cdc|nih|nci|who|nhs|hipaa|hhs|dea|ahrq|acp|aahpm|hpna|nhpco|capc|ncp|
ipec|echo|polst|molst|most|post|medicare-certified|advantage|part|gold|plus|silver|bronze|platinum|ppo|hmo|epo|snf|ltac|ltach|
alcoholics|anonymous|al-anon|meals|wheels|make-a-wish|red|salvation|army|ymca|aarp|hospice|palliative|foundation|society|association|
american|national|alzheimer's|cancer|heart|lung|kidney|als|mda|lls|komen|gofundme|caringbridge|mealtrain|facebook|instagram|twitter|
tiktok|youtube|zoom|teams|epic|cerner|mychart|google|amazon|apple|microsoft|uber|lyft|fedex|ups|usps|walgreens|cvs|costco|walmart|
facetime|skype|whatsapp|signal|telegram|ipad|iphone|android|alexa|siri|netflix|spotify|kindle|fitbit|lifeline|medicalert|
uptodate|lexicomp|micromedex|epocrates|medscape|pubmed|cochrane|nejm|jama|bmj|lancet|jco|jpsm|jpm|nccn|asco|esmo|nhpco|
aahpm|hpna|capc|ncp|ipec|ahrq|nqf|cms|who|nih|nci|cdc|fda|aarp|nami|samhsa|pace|pace's|medicare's|medicaid's|tricare|champva|
kaiser|permanente|humana|aetna|cigna|anthem|molina|highmark|ambetter|centene|wellcare|caresource|optum|oscar-health|
covid|covid-19|sars-cov-2|h1n1|ebola|mpox|hurricane|super|bowl|world|series|olympics|grammy|oscars`);

/** Eponyms and named instruments that are never identifiers in clinical text. */
export const EPONYMS_SAFE = set(`
parkinson|parkinson's|parkinsonism|parkinsonian|alzheimer|alzheimer's|hodgkin|hodgkin's|non-hodgkin|cheyne|stokes|cheyne-stokes|kussmaul|
lewy|crohn|crohn's|kaposi|kaposi's|guillain|barré|barre|guillain-barré|guillain-barre|virchow|virchow's|trousseau|trousseau's|foley|
whipple|hickman|karnofsky|hoehn|yahr|courvoisier|courvoisier's|huntington|huntington's|creutzfeldt|jakob|creutzfeldt-jakob|
korsakoff|wernicke|wernicke's|tourette|tourette's|raynaud|raynaud's|sjögren|sjogren|sjögren's|stevens-johnson|horner|horner's|
pancoast|klatskin|krukenberg|zollinger-ellison|budd-chiari|mallory-weiss|ogilvie|ogilvie's|meckel|hirschsprung|marfan|kawasaki|
waldenström|waldenstrom|burkitt|burkitt's|wilms|ewing|ewing's|cushing|cushing's|addison|addison's|hashimoto|hashimoto's|charcot|
babinski|romberg|kernig|brudzinski|chvostek|mcburney|korotkoff|trendelenburg|valsalva|heimlich|apgar|folstein|barthel|zarit|likert|
wong-baker|waterlow|mallampati|killip|rockall|gleason|breslow|durie-salmon|lugano|framingham|kaplan-meier|swan-ganz|tenckhoff|
pleurx|groshong|broviac|port-a-cath|mediport|jackson-pratt|penrose|dobhoff|blakemore|sengstaken|picc|child-pugh|pugh|meld|
reisberg|rockwood|zubrod|lansky|doloplus|painad|flacc|ecog|esas|esas-r|pps|ppsv2|ppi|pap|nyha|moca|mmse|slums|phq|gad|cam|cam-icu|
rass|gcs|bpi|nrs|vas|fica|spikes|remap|nurse|vitaltalk|stop-bang|cage|audit|edmonton|glasgow|richmond|montreal|seattle|toronto|
nottingham|ottawa|wells|geneva|padua|caprini|braden|morse|norton|duke|mayo|mcgill|kingston|hamilton|beck|katz|lawton|ramsay|riker|
fowler|sims|hartmann|hartmann's|hunter|barrett|barrett's|down|graves|graves'|bell|bell's|murphy|murphy's|paget|paget's|pick|pick's|
bowen|clark|dukes|cox|levin|jackson|salem|minnesota|denver|lou|gehrig|gehrig's|ann|arbor|mini-cog|mini-mental|dsm|dsm-5|icd|cpt|
snomed|loinc|hcpcs|dnr|dni|dnar|and|polst|ad|hcp|poa|mdm|macra|narcan|coma|scale|score`);

/** Eponymous surnames that are also common person surnames: safe only when followed by one of EPONYM_NOUNS. */
export const EPONYMS_AMBIGUOUS = set(`
hartmann|hunter|barrett|down|graves|bell|murphy|paget|pick|bowen|clark|dukes|cox|levin|jackson|salem|wells|morse|braden|norton|duke|
mayo|hamilton|beck|katz|lawton|ramsay|riker|fowler|sims|foley|whipple|hickman|child|mary|joseph|sister|glasgow|edmonton|richmond|
montreal|seattle|toronto|nottingham|ottawa|geneva|padua|kingston|denver|minnesota|ann|arbor|lou|gehrig|st|louis|saint|new|york|
heart|boston|wisconsin|memorial|sloan|kettering|mcgill|karnofsky|palliative|hoehn|yahr|gleason|lugano|rockwood|reisberg|folstein|
zarit|barthel|apgar|stevens|johnson|mallory|weiss|budd|chiari|kaposi|lewy|hodgkin|parkinson|alzheimer|crohn|addison|cushing|
huntington|wilson|wilson's|lyme|west|nile|ebola|marburg|legionnaires|norwalk|coxsackie|epstein|barr|epstein-barr`);

export const EPONYM_NOUNS = set(`
disease|disease's|syndrome|sign|signs|score|scores|scale|scales|index|criteria|classification|stage|staging|stages|system|grade|grading|
procedure|procedures|operation|pouch|catheter|catheters|tube|line|drain|shunt|esophagus|palsy|lymphoma|sarcoma|dementia|ulcer|triad|
reflex|test|tests|maneuver|manoeuvre|position|node|nodes|nodule|tumor|tumour|cell|cells|body|bodies|breathing|respirations|respiration|
assessment|inventory|questionnaire|tool|protocol|method|model|rule|rules|coma|agitation|agitation-sedation|symptom|functional|frail|
classification|cognitive|mental|status|performance|prognostic|association|class|naming|virus|fever|encephalitis|sclerosis|atrophy|
dystrophy|myopathy|neuropathy|ataxia|chorea|anemia|carcinoma|leukemia|myeloma|melanoma|glioma|diverticulum|diverticulitis|esophagus|
framework|pathway|pathways|inventory|interview|faces|depth|burden|survey|checklist|index|instrument|battery|examination|exam|
phenomenon|law|equation|formula|curve|chart|pump|bag|mask|needle|scope|forceps|clamp|suture|incision|fracture|hernia|contracture|
diverticulum|ligament|duct|canal|area|aphasia|encephalopathy|psychosis|neuralgia|cyst|polyp|polyps|gland|glands|lesion|spots|nodule|
joseph|mary|coma|prayer`);

/** Place names used as scale/staging names: safe when followed by these. */
export const PLACE_SCALE_PHRASES = [
  /^Glasgow\s+(?:Coma|Outcome|Prognostic|score|scale)/i,
  /^Edmonton\s+(?:Symptom|Functional|Frail|Classification|Staging|Zone|protocol|Comfort)/i,
  /^Richmond\s+Agitation/i,
  /^Ann\s+Arbor\s+(?:stag|class|system|criteria|score|stage)/i,
  /^Ann\s+Arbor\b(?=,?\s+(?:and|or)\s+[A-Z])/,
  /^Montreal\s+Cognitive/i,
  /^(?:St\.?|Saint)\s+Louis\s+University\s+Mental/i,
  /^Seattle\s+Heart/i,
  /^New\s+York\s+Heart/i,
  /^Memorial\s+(?:Symptom|Delirium)/i,
  /^Memorial\s+Sloan[\s-]+Kettering\s+(?:Cancer\s+Center\s+)?(?:nomogram|score|criteria|prognostic|model)/i,
  /^Wisconsin\s+Brief/i,
  /^Boston\s+Naming/i,
  /^Toronto\s+(?:Alexithymia|Extremity)/i,
  /^Ottawa\s+(?:Ankle|Knee|SAH|rule)/i,
  /^Geneva\s+score/i,
  /^Padua\s+(?:Prediction|score)/i,
  /^Nottingham\s+(?:grade|Prognostic|histologic)/i,
  /^Lugano\s+(?:classification|criteria|staging)/i,
  /^Kingston\s+Standardized/i,
  /^Sister\s+Mary\s+Joseph/i,
  /^Lou\s+Gehrig/i,
  /^Hail\s+Mary/i,
  /^Virgin\s+Mary/i,
  /^Our\s+(?:Father|Lady)/i,
  /^West\s+Nile/i,
  /^Blue\s+Cross(?:\s+(?:and\s+)?Blue\s+Shield)?/i,
  /^Good\s+Friday/i,
  /^Palm\s+Sunday/i,
  /^Ash\s+Wednesday/i,
  /^Holy\s+(?:Week|Communion|Spirit|Ghost|Bible|Scripture|Eucharist|Thursday|Saturday)/i,
  /^Last\s+Rites/i,
  /^Serenity\s+Prayer/i,
  /^Lord's\s+Prayer/i,
  /^Jehovah'?s\s+Witness/i,
  /^Latter[\s-]+day\s+Saints/i,
  /^Social\s+Security/i,
  /^Veterans\s+Affairs/i,
  /^Meals\s+on\s+Wheels/i,
  /^Make[\s-]+A[\s-]+Wish/i,
  /^Medicare\s+Advantage/i,
  /^Humana\s+Gold(?:\s+Plus)?/i,
  /^Mini[\s-]+Mental/i,
  /^Boston\s+Scientific/i,
  /^Día\s+de\s+(?:los\s+)?Muertos/i,
  /^Dia\s+de\s+(?:los\s+)?Muertos/i,
  /^Lunar\s+New\s+Year/i,
  /^(?:St\.?|Saint)\s+Jude\s+Medical/i,
  /^Johnson\s+(?:&|and)\s+Johnson/i,
  /^Liverpool\s+Care\s+Pathway/i,
  /^Gold\s+Standards?\s+Framework/i,
  /^Church\s+of\s+Jesus\s+Christ(?:\s+of\s+Latter[\s-]+day\s+Saints)?/i,
  /^Christian\s+Science/i,
  /^Seventh[\s-]+day\s+Adventists?/i,
  /^Five\s+Wishes/i,
  /^Living\s+Will/i,
  /^Death\s+with\s+Dignity/i,
  /^Area\s+Agenc(?:y|ies)\s+on\s+Aging/i,
  /^Adult\s+Protective\s+Services/i,
  /^Child\s+Life/i,
  /^Tricare\s+for\s+Life/i,
  /^Super\s+Bowl/i,
  /^World\s+Series/i,
  /^Surprise\s+Question/i,
];

/** Drugs (generic and common US brands) seen in palliative and general medicine. */
export const DRUGS = set(`
morphine|hydromorphone|oxycodone|oxymorphone|hydrocodone|fentanyl|sufentanil|remifentanil|alfentanil|methadone|buprenorphine|
tapentadol|tramadol|codeine|meperidine|levorphanol|naloxone|naltrexone|methylnaltrexone|naloxegol|alvimopan|ketamine|lidocaine|
gabapentin|pregabalin|duloxetine|venlafaxine|amitriptyline|nortriptyline|desipramine|carbamazepine|oxcarbazepine|valproate|
valproic|levetiracetam|phenytoin|fosphenytoin|lacosamide|lamotrigine|topiramate|clonazepam|lorazepam|diazepam|midazolam|alprazolam|
temazepam|phenobarbital|propofol|dexmedetomidine|haloperidol|olanzapine|quetiapine|risperidone|aripiprazole|chlorpromazine|
prochlorperazine|promethazine|metoclopramide|ondansetron|granisetron|palonosetron|dexamethasone|prednisone|prednisolone|
methylprednisolone|hydrocortisone|fludrocortisone|megestrol|dronabinol|nabilone|cannabidiol|mirtazapine|sertraline|citalopram|
escitalopram|fluoxetine|paroxetine|bupropion|trazodone|methylphenidate|modafinil|dextroamphetamine|scopolamine|glycopyrrolate|
hyoscyamine|atropine|octreotide|senna|sennosides|docusate|bisacodyl|polyethylene|glycol|lactulose|lubiprostone|linaclotide|
loperamide|simethicone|omeprazole|pantoprazole|esomeprazole|famotidine|sucralfate|acetaminophen|paracetamol|ibuprofen|naproxen|
ketorolac|celecoxib|diclofenac|meloxicam|aspirin|furosemide|bumetanide|torsemide|spironolactone|metolazone|hydrochlorothiazide|
metoprolol|carvedilol|lisinopril|losartan|sacubitril|valsartan|amlodipine|digoxin|amiodarone|warfarin|apixaban|rivaroxaban|
dabigatran|enoxaparin|heparin|atorvastatin|simvastatin|rosuvastatin|metformin|insulin|glargine|lispro|donepezil|memantine|
rivastigmine|galantamine|carbidopa|levodopa|carbidopa-levodopa|pramipexole|ropinirole|baclofen|tizanidine|cyclobenzaprine|
dantrolene|riluzole|edaravone|nuedexta|oxygen|albuterol|ipratropium|tiotropium|budesonide|fluticasone|salmeterol|formoterol|
montelukast|guaifenesin|benzonatate|nystatin|fluconazole|metronidazole|vancomycin|ceftriaxone|cefepime|piperacillin|tazobactam|
levofloxacin|ciprofloxacin|azithromycin|doxycycline|amoxicillin|clavulanate|nitrofurantoin|trimethoprim|sulfamethoxazole|
acyclovir|valacyclovir|oseltamivir|remdesivir|nirmatrelvir|paxlovid|cisplatin|carboplatin|oxaliplatin|paclitaxel|docetaxel|
gemcitabine|capecitabine|fluorouracil|irinotecan|leucovorin|folfirinox|folfox|folfiri|pembrolizumab|nivolumab|ipilimumab|
atezolizumab|durvalumab|bevacizumab|trastuzumab|rituximab|cetuximab|osimertinib|erlotinib|imatinib|ibrutinib|lenalidomide|
bortezomib|daratumumab|tamoxifen|letrozole|anastrozole|enzalutamide|abiraterone|leuprolide|denosumab|zoledronic|pamidronate|
calcitonin|hydroxyurea|cyclophosphamide|doxorubicin|temozolomide|bleomycin|vincristine|etoposide|methotrexate|azacitidine|
venetoclax|dilaudid|duragesic|roxanol|roxicodone|oxycontin|ms|contin|percocet|vicodin|norco|ultram|nucynta|suboxone|butrans|
belbuca|haldol|ativan|valium|versed|xanax|klonopin|zyprexa|seroquel|risperdal|compazine|phenergan|reglan|zofran|decadron|
marinol|remeron|zoloft|lexapro|prozac|wellbutrin|desyrel|ritalin|provigil|robinul|levsin|sandostatin|senokot|colace|dulcolax|
miralax|relistor|movantik|amitiza|linzess|imodium|prilosec|protonix|nexium|pepcid|carafate|tylenol|advil|motrin|aleve|toradol|
celebrex|lasix|bumex|aldactone|lopressor|toprol|coreg|entresto|eliquis|xarelto|coumadin|lovenox|lipitor|zocor|crestor|
glucophage|lantus|humalog|aricept|namenda|exelon|sinemet|mirapex|requip|lioresal|zanaflex|flexeril|rilutek|radicava|proventil|
ventolin|atrovent|spiriva|symbicort|advair|singulair|tessalon|diflucan|flagyl|keytruda|opdivo|yervoy|avastin|herceptin|rituxan|
tagrisso|gleevec|revlimid|velcade|darzalex|xgeva|prolia|zometa|lupron|xtandi|zytiga|neurontin|lyrica|cymbalta|effexor|elavil|
pamelor|tegretol|depakote|keppra|dilantin|lamictal|topamax|precedex|diprivan|ketalar|xylocaine|lidoderm|narcan|evzio|fentora|
actiq|abstral|subsys|naprosyn|ambien|zolpidem|melatonin|diphenhydramine|benadryl|hydroxyzine|vistaril|atarax|cetirizine|
loratadine|ranitidine|magnesium|potassium|calcium|sodium|chloride|bicarbonate|citrate|hydroxide|sulfate|phosphate|zinc|
iron|ferrous|vitamin|thiamine|folate|cyanocobalamin|pyridoxine|ascorbic|cholecalciferol|ergocalciferol|albumin|mannitol|
dextrose|saline|ringer's|lactated|tpn|ppn|entereal|ensure|boost|glucerna|jevity|osmolite|nepro|pedialyte|gatorade|
megace|duoneb|xopenex|biotene|oramorph|sevredol|kadian|avinza|exalgo|opana|methadose|dolophine|demerol|talwin|stadol|nubain|
buprenex|sublocade|zubsolv|vivitrol|lucemyra|catapres|clonidine|robaxin|methocarbamol|soma|carisoprodol|skelaxin|valtrex|zovirax|
bactrim|septra|keflex|cephalexin|augmentin|zithromax|zpak|levaquin|cipro|doxy|vanco|zosyn|rocephin|cefzil|unasyn|flagyl|macrobid|
diflucan|mycelex|lovenox|fragmin|arixtra|pradaxa|brilinta|plavix|clopidogrel|effient|lanoxin|cordarone|pacerone|norvasc|zestril|
prinivil|cozaar|diovan|aldactone|hygroth|microzide|lopressor|tenormin|atenolol|imdur|nitro|nitroglycerin|nitrostat|ranexa|lipitor|
flomax|tamsulosin|proscar|finasteride|detrol|ditropan|oxybutynin|myrbetriq|urecholine|bethanechol|pyridium|foley|synthroid|levothyroxine|
januvia|jardiance|farxiga|ozempic|trulicity|victoza|mounjaro|humulin|novolog|levemir|tresiba|basaglar|toujeo|ambien|lunesta|sonata|
restoril|halcion|buspar|buspirone|vistaril|atarax|cogentin|benztropine|akineton|artane|symmetrel|amantadine|nuplazid|pimavanserin|
namzaric|razadyne|exelon|rytary|stalevo|comtan|azilect|xadago|neupro|apokyn|kynmobi|inbrija|gocovri|ongentys|northera|droxidopa|
florinef|proamatine|midodrine|mestinon|pyridostigmine|firdapse|radicava|relyvrio|qalsody|tofersen|riluzole|tiglutik|exservan|
nuedexta|botox|xeomin|dysport|myobloc|lyrica|gralise|horizant|savella|ultracet|tylenol-codeine|fioricet|imitrex|maxalt|
dexilant|aciphex|zantac|tagamet|mylanta|maalox|tums|gaviscon|bentyl|levsin|librax|lomotil|motofen|viberzi|xifaxan|rifaximin|
vapotherm|optiflow|airvo|trilogy|astral|heartmate|heartware|medtronic|biotronik|abbott|dexcom|omnipod|libre|freestyle|hoyer|broda|
geri-chair|purewick|aspira|mic-key|kangaroo|cadd|curlin|graseby|niki|mckinley|sureScan|micra|azure|pleurx|denver|tenckhoff|
port-a-cath|mediport|groshong|passy-muir|shiley|trach|ambu|yankauer|
creon|zenpep|pancreaze|viokace|marinol|syndros|cesamet|epidiolex|kratom|cbd|thc|medical|marijuana|cannabis`);

/** Suffixes that mark drugs, anatomy and disease words (used for unknown capitalised tokens). */
export const MEDICAL_SUFFIX =
  /(?:azepam|azolam|azole|azine|apine|idone|odone|orphone|orphine|phine|profen|oxacin|cillin|mycin|micin|cycline|statin|sartan|pril|olol|dipine|parin|xaban|gatran|tidine|prazole|setron|tinib|ciclib|zumab|ximab|mumab|umab|lizumab|mab|platin|taxel|rubicin|tecan|trexate|abine|itabine|ine|amide|amine|ide|ate|one|olone|asone|sone|ol|al|il|an|in|ium|ase|itis|osis|oma|omas|emia|aemia|uria|algia|pathy|plasty|ectomy|otomy|ostomy|oscopy|scopy|graphy|gram|plegia|paresis|phagia|phasia|pnea|pnoea|trophy|plasia|cele|cytosis|penia|rrhea|rrhoea|rrhage|lysis|ectasia|megaly|iasis|genic|emic|otic|atic|ical|ous|ary|oid|ism|ular|eal|ine's|virus|bacter|coccus|cocci|ella|monas|idium|myces|phyte|esis|osa|ia)$/;

/** Organism genera often capitalised in notes. */
export const ORGANISMS = set(`
candida|pseudomonas|klebsiella|staphylococcus|streptococcus|enterococcus|escherichia|clostridium|clostridioides|acinetobacter|
enterobacter|proteus|serratia|haemophilus|neisseria|mycobacterium|aspergillus|cryptococcus|pneumocystis|legionella|listeria|
salmonella|shigella|campylobacter|helicobacter|bacteroides|cytomegalovirus|influenza|covid|covid-19|sars-cov-2|mrsa|vre|esbl|cdiff`);

/** Clinical and documentation words that appear capitalised in headings, never names. */
export const CLINICAL_WORDS = set(`
hospice|palliative|oncology|cardiology|neurology|pulmonology|nephrology|psychiatry|psychology|geriatrics|hematology|radiology|
surgery|icu|ed|er|ccu|micu|sicu|picu|nicu|pacu|or|rn|lpn|np|pa|md|do|mdiv|bcc|lcsw|msw|pharmd|rph|aprn|cnp|fnp|dnp|phd|bsn|msn|cna|
pt|ot|slp|rt|pgy|dnr|dni|cpr|acp|goc|hcpoa|poa|dpoa|hcp|gi|gu|ent|copd|chf|hfref|hfpef|ckd|esrd|als|ms|hiv|aids|cva|tia|mi|cad|
pe|dvt|uti|cap|hap|sbp|aki|ards|osa|bipap|cpap|hfnc|peg|pej|ngt|tpn|picc|ptcd|ercp|tips|vats|ivc|icd|lvad|crt|crrt|hd|pd|ecmo|
nsclc|sclc|hcc|hnscc|aml|cll|cml|mds|dlbcl|gbm|crc|er-positive|her2|pd-l1|egfr|alk|ros1|brca|kras|braf|psa|cea|ca-125|bnp|tsh|
inr|ptt|cbc|bmp|cmp|lft|abg|vbg|ekg|ecg|echo|ct|mri|pet|cxr|kub|us|eeg|emg|lp|fna|bx|hpi|pmh|psh|ros|a&p|plan|assessment|subjective|
objective|impression|recommendations|recommendation|history|physical|exam|social|family|spiritual|cultural|psychological|
psychosocial|goals|care|code|status|full|comfort|measures|only|chaplaincy|bereavement|grief|ethics|consult|consultation|note|
progress|addendum|attestation|summary|discharge|admission|transfer|handoff|handover|sbar|soap|vitals|labs|imaging|meds|
medications|allergies|nkda|prn|bid|tid|qid|qhs|qam|qpm|q4h|q6h|q8h|po|sl|sc|sq|iv|im|pr|td|gt|ng|og|mg|mcg|ml|meq|mmol|
cm|mm|kg|lb|lbs|bpm|mmhg|spo2|fio2|hr|rr|bp|temp|wt|ht|bmi|gcs|avpu|ama|lwbs|snf|ltc|alf|ilf|rehab|home|health|hha|dme|
pca|pcea|mar|emr|ehr|phi|pii|hipaa|ssn|mrn|dob|id|ids|dea|npi|mbi|vin|ip|url|faq|fyi|asap|eta|tbd|n/a|na|nos|nec|pmr|tx|rx|dx|
hx|sx|fx|px|bx|cx|fu|f/u|w/u|r/o|s/p|c/o|h/o|d/c|a/o|aox3|aox4|perrla|heent|cv|resp|abd|ext|neuro|psych|skin|msk|lymph|
name|names|yes|no|ok|okay|hi|hello|thanks|thank|please|dear|re|fwd|update|question|teaching|case|learner|faculty|cohort|session|tl;dr`);

/** Titles that introduce a person's name. Strong ones accept any capitalised word after them. */
export const STRONG_TITLES = set(
  'mr|mrs|ms|miss|mx|dr|doctor|prof|professor|rev|reverend|pastor|rabbi|imam|fr|sr|cantor|mister|madam|mrs.|messrs',
);
export const WEAK_TITLES = set(
  'father|sister|brother|mother|nurse|chaplain|deacon|elder|bishop|aunt|auntie|uncle|grandma|grandpa|granny|nana|papa|mama|abuela|abuelo|cousin|officer|judge|coach|captain|sergeant|sgt|lt|col|major|general|senator|mayor|saint|st',
);

/** Relations and roles after which a capitalised word is a person's name ("her son Mark"). */
export const RELATIONS = set(`
wife|husband|spouse|partner|son|daughter|sons|daughters|child|children|kid|kids|mother|father|mom|mum|dad|mommy|daddy|parent|parents|
sister|brother|sisters|brothers|sibling|siblings|niece|nephew|nieces|nephews|aunt|uncle|cousin|cousins|grandson|granddaughter|
grandchild|grandchildren|grandsons|granddaughters|grandmother|grandfather|grandma|grandpa|granny|stepson|stepdaughter|stepmother|
stepfather|stepdad|stepmom|son-in-law|daughter-in-law|mother-in-law|father-in-law|sister-in-law|brother-in-law|fiancé|fiance|fiancée|
fiancee|girlfriend|boyfriend|friend|friends|neighbor|neighbour|roommate|housemate|caregiver|carer|guardian|proxy|surrogate|agent|
poa|hcp|widow|widower|ex-wife|ex-husband|twin|godson|goddaughter|godmother|godfather|landlord|landlady|employer|boss|coworker|
co-worker|colleague|nurse|aide|cna|physician|doctor|pcp|oncologist|cardiologist|neurologist|surgeon|resident|intern|fellow|attending|
hospitalist|pharmacist|therapist|counselor|counsellor|psychologist|psychiatrist|chaplain|pastor|priest|rabbi|imam|minister|volunteer|
worker|planner|manager|coordinator|navigator|liaison|director|administrator|interpreter|translator|doula|dietitian|nutritionist|
clerk|receptionist|secretary|assistant|practitioner|np|rn|lpn|md|pa|pt|patient|pt.|client|resident|veteran|decedent|deceased|
named|called|nicknamed|alias|aka|a.k.a.|née|nee|maiden|initials|sister's|brother's|mother's|father's`);

/** Verbs that follow a person's name ("Carla asked"). */
export const PERSON_VERBS = set(`
asked|asks|said|says|told|tells|stated|states|reported|reports|wants|wanted|wishes|wished|hopes|hoped|prefers|preferred|agreed|agrees|
declined|declines|refused|refuses|explained|explains|expressed|expresses|worries|worried|cried|shared|shares|arrived|arrives|drove|
drives|lives|lived|signed|signs|called|calls|visited|visits|visiting|brought|brings|requested|requests|insisted|insists|feels|felt|
believes|believed|thinks|thought|understands|understood|decided|decides|chose|chooses|confirmed|confirms|mentioned|mentions|
noted|notes|described|describes|admitted|denied|denies|endorsed|endorses|became|died|passed|remains|stayed|stays|works|worked|
cares|cared|helps|helped|left|came|comes|went|goes|spoke|speaks|answered|answers|replied|replies|wrote|writes|texted|texts|emailed|
phoned|laughed|smiled|nodded|joined|joins|attended|attends|needs|needed|would|will|can|could|should|has|had|is|was`);

/** Facility head nouns: a capitalised run containing one of these is a place name. */
export const FACILITY_HEADS = set(`
care|health|general|hospital|hospitals|center|centre|clinic|clinics|hospice|nursing|living|rehabilitation|rehab|manor|village|gardens|residence|residences|
infirmary|healthcare|church|parish|temple|synagogue|mosque|cathedral|chapel|congregation|ministries|ministry|fellowship|tabernacle|
mission|shrine|abbey|monastery|convent|basilica|university|college|school|academy|institute|cemetery|funeral|mortuary|crematory|
shelter|prison|jail|penitentiary|facility|apartments|towers|estates|lodge|inn|hotel|motel|house|commons|pharmacy|company|corporation|
inc|llc|corp|mill|factory|plant|farm|ranch|restaurant|diner|bank|library|park|station|base|market|store|mall|club|legion|post|vfw|
tavern|casino|stadium|airport|marina|laboratory|laboratories|
home|homes|healthcare|county|
hall|pavilion|tower|wing|campus|plaza|court|place|point|crossing|terrace|heights|hills|woods|pines|oaks|meadows|springs|creek|ridge|
view|vista|haven|harbor|harbour|grove|glen|landing|retreat|sanctuary|ymca|ywca|daycare|preschool|elementary|middle|high`);

/** Facility run tokens that on their own do not make a place specific. */
export const FACILITY_GENERIC = set(`
the|a|an|of|and|&|at|for|in|on|our|your|his|her|their|this|that|va|veterans|medical|general|community|regional|university|academic|
teaching|children's|childrens|women's|state|county|public|private|local|palliative|hospice|care|health|healthcare|cancer|
rehabilitation|rehab|psychiatric|behavioral|skilled|nursing|senior|assisted|living|home|homes|hospital|center|centre|clinic|unit|
inpatient|outpatient|acute|long-term|long|term|respite|residential|memory|adult|day|family|primary|urgent|emergency|intensive|
critical|surgical|oncology|cardiology|heart|dialysis|kidney|renal|infusion|wound|pain|sleep|lab|laboratory|pharmacy|specialty|
catholic|lutheran|baptist|methodist|presbyterian|episcopal|jewish|christian|muslim|orthodox|evangelical|pentecostal|church|
temple|mosque|synagogue|chapel|parish|school|college|department|dept|ward|floor|wing|system|services|service|network|group|
medicare|medicaid|medicare-certified|certified|licensed|nonprofit|non-profit|national|american|federal|city|town|village|
post|office|fire|police|funeral|house|hall|library|park|station|bank|store|market|shelter|agency|program|programme|team|
icu|ed|er|or|micu|ccu|ltac|snf|alf|ltc|nicu|picu|step-down|telemetry|med-surg|neuro|trauma|burn|transplant|bone|marrow|
comprehensive|integrated|advanced|specialized|supportive|interdisciplinary|interprofessional|home-based|hospital-based|
institute|foundation|society|association|university's|medicine|pastoral|chaplaincy|child|life|music|art|physical|occupational|speech|
language|pathology|case|management|utilization|review|relations|risk|volunteer|volunteers|bereavement|protective|aging|area|
rural|urban|suburban|small|large|big|nearby|closest|nearest|same|other|another|different|previous|prior|current|usual|regular|attorney|surgeon|inspector|postmaster|governor|secretary|consul|patient|patients|guest|guests|welcome|main|north|south|east|west|central|new|old|medical|surgery|nursing|pharmacy|social|work|fellowship|residency|
program|service|division|section|team|consult|consultation|oncology|cardiology|neurology|geriatrics|pediatrics|psychiatry|
internal|family|emergency|radiation|hematology|nephrology|pulmonary|critical|anesthesia|chaplaincy|spiritual|ethics|committee|board`);

/** Capitalised tokens that end a name run (sentence words we never want to swallow). */
export const STOP_CAPS = set(
  "i|i'm|i've|i'd|i'll|the|a|an|and|or|but|if|when|while|we|he|she|they|it|his|her|their|our|my|this|that|these|those|there|here|what|which|who|how|why|where|please|thanks|per|re|cc|fyi|no|yes|not|also|then|so|as|at|by|for|from|in|on|of|to|with|after|before|since|until|during|about|over|under|into|onto|upon|via|vs|today|tonight|yesterday|tomorrow|now|later|currently|recently|overall|however|although|because|though|given|both|each|every|all|any|some|most|many|much|more|less|one|two|three|four|five|six|seven|eight|nine|ten|first|second|third|last|next|new|old|patient|pt|family|team|daughter|son|wife|husband",
);

/** Location prepositions: a capitalised unknown word after these is a place, not a person. */
export const LOC_PREPS = set(
  'in|from|to|near|outside|around|toward|towards|through|into|of|at|downtown|uptown|across|between|via|moved|lives|living|visiting|born|raised|grew',
);
