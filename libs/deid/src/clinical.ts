/**
 * Case-insensitive clinical vocabulary: shorthand, abbreviations, section headers, lab and vital
 * tokens, units, drug/device/supply brands, eponymous instruments and manoeuvres, charting words.
 * Written for this project from general clinical knowledge (no corpus text); licence: the project's.
 * Used two ways: a token in this set is never a name or place on its own (allow-list), and the
 * sequence model sees membership as a feature.
 */
const words = (s: string): string[] =>
  s
    .split(/\s+/)
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);

export const CLINICAL_ABBREVIATIONS = new Set(
  words(`
  abd abg abgs abx ac acls adl adls afib aflutter aki ams amb amt ap ard ards art asa asap av avr avss
  bb bc bcx bid bipap bivad bl bld bm bmp bmt bnp bp bpm br brbpr bs bsa bun bx
  ca cabg cad cath cbc cbg cc ccu cdiff chf chg ci ck ckd cmp cmo cmv cn cns co copd cp cpap cpk cr crrt crt csf ct cta cv cva cvc cvl cvp cvvh cvvhd cx cxr
  dc dcd ddd dm dni dnr doe dtr dtrs dvt dx ebl ecg echo ecmo ed eeg ef egd eja ekg emt ent ep ercp esr ett etoh ext
  ffp fhr fio2 fob fs fsbs fu fx gcs gerd gi gj gt gtt gtts gu
  hct hd hep hgb hh hib hob hpi hr hs htn hx iabp icd icp icu id inr io ivc ivf iv ivp jp jvd jvp
  kcl kvo lbm lbbb lcx lad lft lfts ll lle llq lmca loc lol lp lr ls lt lue luq lv lvad lvef lvh
  ma map mae mdi med meds mg mgso4 mi mmhg mom mrsa mri ms mso4 mvr mvi na nad nc ncat ng ngt nh3 nicu nkda nmb nod npo ns nsr nstemi ntg nv nvd
  ob oob op or ot otc pa pac pad pap pca pcp pcwp pe peep peg perrl perrla pft pich picc plt pm pmh pna po pod pos ppi pr prbc prn psv pt pta ptca ptt pud pvc pvcs pvd pwp
  qd qh qhs qid qod ra rbbb rbc rca rll rlq rml rn ro rr rrr rsbi rue ruq rv rvad rx
  sa sao2 sat sats sbp sbt sc scd scds sem sl slp sob spo2 sq sr ssi stemi svr svt sx
  tb tbsa tcdb tee tf tfs tid tko tlc tmax tpa tpn tsh tte ttp tv tx ua uo uop uti va vad vap vbg vent vf vfib vs vss vt vtach wbc wnl yo
  neuro resp cardio pulm renal heme onc endo psych id ortho derm gyn ob-gyn uro nephro hem-onc
  cvicu micu sicu ccu csru tsicu nicu picu pacu ed er or ir cath-lab step-down stepdown
  nsg rn np md pa pt ot st rt sw cm lpn cna
  osh ew pcu tcu ipu noc mn
  pmh psh hpi ros a&o aox3 a&ox3 a+o perrla mae nka nkda dnr dni cmo fu f/u s/p r/o c/o d/c h/o w/ w/o b/l
`),
);

export const SECTION_HEADERS = new Set(
  words(`
  neuro neurologic neurological resp respiratory pulm pulmonary cardiac cardio cv cvs gi gu renal heme id skin integ integumentary
  endo endocrine psych psychosocial social social/dispo dispo disposition plan assessment a/p a p o s impression hpi pmh psh ros
  labs meds allergies access lines vitals vs exam pe activity nutrition fen f/e/n pain safety family comfort code events
  note addendum update summary nursing nsg progress admission transfer discharge
`),
);

export const CLINICAL_BRANDS = new Set(
  words(`
  foley picc hickman broviac portacath port-a-cath mediport swan swan-ganz quinton permacath tesio groshong
  jackson-pratt blake hemovac pleurevac atrium sengstaken minnesota dobhoff salem corpak levin keofeed
  bipap cpap trilogy servo puritan bennett drager hamilton avea
  bair hugger kinair rotoprone stryker hill-rom clinitron kci wound-vac vac vac-dressing
  duoderm tegaderm mepilex allevyn aquacel xeroform adaptic kerlix kling coban telfa steri-strips steristrips
  ace webril opsite hydrocolloid alginate silvadene bacitracin vaseline aquaphor calmoseptine criticaid desitin
  vicryl prolene monocryl ethilon nylon silk dermabond staples
  yankauer ambu guedel macintosh miller bougie glidescope ett trach shiley portex bivona passy-muir
  pyxis accuchek accu-chek glucometer dinamap propaq alaris medfusion sigma baxter
  ensure glucerna jevity nepro osmolite promote peptamen pulmocare replete boost impact vital novasource
  kayexalate lactulose colace senna dulcolax fleet miralax golytely reglan zofran compazine phenergan ativan
  versed fentanyl propofol diprivan precedex haldol morphine dilaudid demerol tylenol motrin toradol narcan
  levophed neo neosynephrine vasopressin dopa dopamine dobutamine dobuta milrinone primacor nipride natrecor
  lasix bumex diuril aldactone zaroxolyn albumin plasmanate hespan
  heparin coumadin lovenox argatroban integrilin plavix aspirin asa nitro ntg tridil
  insulin lantus humalog novolog regular nph
  vanco vancomycin zosyn cefepime ceftaz ceftriaxone levaquin levo flagyl cipro bactrim gent gentamicin tobra tobramycin meropenem imipenem zyvox linezolid diflucan fluconazole ambisome cancidas acyclovir
  protonix pepcid carafate prevacid nexium zantac
  solumedrol solu-medrol decadron hydrocortisone prednisone
  digoxin dig amiodarone amio lopressor metoprolol labetalol hydralazine captopril cardizem diltiazem esmolol
  dilantin keppra depakote phenobarb
  kcl kphos k-phos neutraphos mag magox calcium ca-gluconate
  atrovent albuterol combivent xopenex mucomyst duoneb pulmicort
  prbc ffp cryo platelets plts
`),
);

export const EPONYM_INSTRUMENTS = new Set(
  words(`
  swan ganz foley hickman broviac groshong quinton tenckhoff dobhoff salem levin miller macintosh yankauer
  trendelenburg reverse-trendelenburg valsalva heimlich fowler semi-fowler fowlers sims allen homan homans babinski
  kernig brudzinski romberg murphy mcburney rovsing chvostek trousseau kussmaul cheyne-stokes biot korotkoff
  glasgow ramsay richmond braden morse norton apache ranson child-pugh meld killip
  doppler holter guaiac hemoccult gram wright giemsa
  stryker hill-rom clinitron
`),
);

/**
 * Clinical verbs a general English word list lacks ("is it safe to titrate?" read "titrate" as a
 * place after "to"), with their usual inflections.
 */
const CLINICAL_VERB_STEMS = words(`
  titrate uptitrate up-titrate downtitrate down-titrate extubate intubate reintubate deprescribe desaturate
  decompensate diurese anticoagulate debride premedicate de-escalate deescalate nebulize nebulise cannulate
  dialyze dialyse ultrafiltrate defibrillate cardiovert oxygenate reoxygenate ventilate hyperventilate
  auscultate palpate percuss transfuse sedate palliate ambulate hydrate rehydrate aspirate catheterize
  catheterise irrigate resuscitate mobilize mobilise intubate decannulate recannulate reposition
  deprescribe discontinue reinitiate uptaper downtaper recatheterize reintubate reperfuse
`);
const inflect = (stem: string): string[] => {
  const base = stem.endsWith('e') ? stem.slice(0, -1) : stem;
  return [stem, `${stem}s`, `${base}ed`, `${base}ing`, `${base}ion`, `${base}ions`];
};
export const CLINICAL_VERBS = new Set(CLINICAL_VERB_STEMS.flatMap(inflect));

/** Is `lo` (lowercase token) clinical shorthand or vocabulary from the lists above? */
export function isClinical(lo: string): boolean {
  return (
    CLINICAL_ABBREVIATIONS.has(lo) ||
    CLINICAL_BRANDS.has(lo) ||
    EPONYM_INSTRUMENTS.has(lo) ||
    SECTION_HEADERS.has(lo) ||
    CLINICAL_VERBS.has(lo)
  );
}
