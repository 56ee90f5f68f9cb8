# One-off generator of law/section-301/forced-labor.yaml from the printed heading table (HTS 2026 Rev 13).
flat10 = {'22':'AR','26':'BD','28':'KH','29':'CA','35':'EC','37':'SV','40':'GT','42':'HN','44':'IN','45':'ID','50':'JO','54':'MY','55':'MX','62':'PK','72':'LK','78':'TT','81':'GB'}
flat125 = {'20':'DZ','21':'AO','23':'AU','24':'BS','25':'BH','27':'BR','30':'CL','31':'CN','32':'CO','33':'CR','34':'DO','36':'EG','41':'GY','43':'HK','46':'IQ','47':'IL','51':'KZ','52':'KW','53':'LY','56':'MA','57':'NZ','58':'NI','59':'NG','60':'NO','61':'OM','63':'PE','64':'PH','65':'QA','66':'RU','67':'SA','68':'SG','69':'ZA','77':'TH','79':'TR','80':'AE','82':'UY','83':'VE','84':'VN'}
pairs = [('38','39','eu','10','the European Union'),('75','76','TW','10','Taiwan'),('48','49','JP','12.5','Japan'),('70','71','KR','12.5','South Korea'),('73','74','CH','12.5','Switzerland')]
names = {'AR':'Argentina','BD':'Bangladesh','KH':'Cambodia','CA':'Canada','EC':'Ecuador','SV':'El Salvador','GT':'Guatemala','HN':'Honduras','IN':'India','ID':'Indonesia','JO':'Jordan','MY':'Malaysia','MX':'Mexico','PK':'Pakistan','LK':'Sri Lanka','TT':'Trinidad and Tobago','GB':'the United Kingdom','DZ':'Algeria','AO':'Angola','AU':'Australia','BS':'the Bahamas','BH':'Bahrain','BR':'Brazil','CL':'Chile','CN':'China','CO':'Colombia','CR':'Costa Rica','DO':'the Dominican Republic','EG':'Egypt','GY':'Guyana','HK':'Hong Kong, China','IQ':'Iraq','IL':'Israel','KZ':'Kazakhstan','KW':'Kuwait','LY':'Libya','MA':'Morocco','NZ':'New Zealand','NI':'Nicaragua','NG':'Nigeria','NO':'Norway','OM':'Oman','PE':'Peru','PH':'the Philippines','QA':'Qatar','RU':'Russia','SA':'Saudi Arabia','SG':'Singapore','ZA':'South Africa','TH':'Thailand','TR':'Türkiye','AE':'the United Arab Emirates','UY':'Uruguay','VE':'Venezuela','VN':'Vietnam'}
assert len(flat10)==17 and len(flat125)==38
import json,sys
country_lists = json.load(open('/tmp/fl_country_lists.json'))  # [{heading, country, list, title, when?}]
R = "{ from: 2026-07-24, %s, ref: ustr-301-forced-labor-2026, published: 2026-07-28 }"
out = []
w = out.append
w("""# Section 301 duties on 60 economies for failing to prohibit imports of goods made with forced labor: USTR Notice of
# Actions (FR Doc 2026-15181, 91 FR 47318) and Presidential Memorandum of 2026-07-23 (FR Doc 2026-15274, 91 FR 47717),
# both published 2026-07-28; U.S. note 52 to subchapter III, headings 9903.05.20-9903.06.21, HTS 2026 Rev 13
# (2026-07-28), effective for entries from 2026-07-24 (retroactive to the revision: `published` dates).
# Rates as printed (General = Special): "+ 10%" for 17 economies, "+ 12.5%" for 38 (Russia also in Column 2), and for
# the EU and Taiwan (10%) and Japan, South Korea and Switzerland (12.5%) a pair of headings: "no change" where the
# column 1 rate (or its ad valorem equivalent, note 52(k)) is at least the threshold, else the threshold as a total.
# Additional to every other duty of subchapters III and IV (China's Section 301 lists, Brazil 9903.05.01, Section 338),
# even on goods claiming a preference, except the USMCA and CAFTA-DR reliefs below (note 52(a), (g)-(i)).
program: s301-forced-labor
authority: s301
title: Section 301 forced-labor duties on 60 economies (USTR Notice of Actions, 91 FR 47318)
candidates:""")
def cand(h, title, rate, countries=None, products=None, when=None, id=None, nm=None):
    w(f'  - heading: "{h}"')
    if id: w(f'    id: {id}')
    w(f'    title: {title}')
    if countries: w(f'    countries: {countries}')
    if products: w(f'    products: {products}')
    if when: w(f'    when: {when}')
    w(f'    rates: [{R % rate}]')
    if nm: w(f'    notModelled: ["{nm}"]')
allc = '[' + ', '.join(sorted(list(flat10.values())+list(flat125.values())+['TW','JP','KR','CH'])) + ']'
ALL = "{ codes: %s, groups: [eu] }" % allc
w("  # Exemptions of every investigated economy (headings 9903.05.85-.92)")
w('  - heading: "9903.05.85"')
w('    title: In transit (loaded before 2026-07-24, entered before 2026-07-28)')
w(f'    countries: {ALL}')
w('    when: { loadedBefore: 2026-07-24, enteredBefore: 2026-07-28 }')
w('    rates: [{ from: 2026-07-24, to: 2026-07-28, none: true, ref: ustr-301-forced-labor-2026, published: 2026-07-28 }]')
cand('9903.05.86','Articles listed in note 52(b)','none: true',ALL,'{ lists: [s301-forced-labor/52-b] }')
cand('9903.05.87','Particular articles of note 52(c) (on the claim that the article is the one the note describes)','none: true',ALL,'{ lists: [s301-forced-labor/52-c] }','{ claim: [particular-article] }')
cand('9903.05.88','Civil aircraft, engines, parts and ground flight simulators (note 52(d), general note 6)','none: true',ALL,'{ lists: [s301-forced-labor/civil-aircraft] }','{ claim: [civil-aircraft] }')
cand('9903.05.89','Articles for use in pharmaceutical applications (note 52(e))','none: true',ALL,'{ lists: [s301-forced-labor/52-e] }','{ claim: [pharmaceutical-use] }')
cand('9903.05.90','Section 232 articles reported under the headings of note 52(f) (patented pharmaceuticals from 2026-07-31)','none: true',ALL,None,'{ reportedUnder: notes-50-51-52-section-232 }')
cand('9903.05.91','Donations to relieve human suffering','none: true',ALL,None,'{ claim: [donation] }')
cand('9903.05.92','Informational materials','none: true',ALL,None,'{ claim: [informational-materials] }')
cand('9903.05.93','Goods of Canada entered free of duty under the USMCA (note 52(g))','none: true','[CA]',None,'{ programClaimed: [S, S+] }')
cand('9903.05.94','Goods of Mexico entered free of duty under the USMCA (note 52(h))','none: true','[MX]',None,'{ programClaimed: [S, S+] }')
cand('9903.05.95','Textile and apparel goods of Costa Rica, the Dominican Republic, El Salvador, Guatemala, Honduras or Nicaragua entered under CAFTA-DR (note 52(i))','none: true','[CR, DO, SV, GT, HN, NI]','["50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "60", "61", "62", "63"]','{ programClaimed: [P, P+] }', nm='a textile or apparel good as defined in general note 29(d)(v) is taken as a good of chapters 50-63 entered under a CAFTA-DR claim (P or P+)')
w("  # Country product lists of note 52(j)")
for c in country_lists:
    cand(c['heading'], c['title'], 'none: true', c['countries'], '{ lists: [%s] }' % c['list'], c.get('when'), c.get('id'))
w("  # The duties: flat rates")
for k,cc in sorted(flat10.items()):
    nm = 'the textile tariff-rate quota the memorandum of 2026-07-23 directs (section 2) has no heading through HTS Rev 21: the 10% applies to textiles and apparel too' if cc in ('BD','KH','ID','MY') else None
    cand('9903.05.'+k, f'Products of {names[cc]} (+10%)', 'add: 10', f'[{cc}]', nm=nm)
for k,cc in sorted(flat125.items()):
    t = f'Products of {names[cc]} (+12.5%{", also in column 2" if cc=="RU" else ""})'
    cand('9903.05.'+k, t, 'add: 12.5', f'[{cc}]')
w("  # Net-of-MFN pairs: no change at or above the threshold, else the threshold as a total (floor)")
for a,b,cc,t,name in pairs:
    ctry = 'eu' if cc=='eu' else f'[{cc}]'
    nm = 'note 52(k): the column 1 rate compared with the threshold is the rate of the entry (the special rate when a program is claimed); the note reads column 1 General, except for a properly claimed special rate of Korea'
    cand('9903.05.'+a, f'Products of {name}, column 1 rate at least {t}% (no change)', 'none: true', ctry, None, '{ mfnAtLeast: %s }' % t, nm=nm)
    cand('9903.05.'+b, f'Products of {name}, column 1 rate below {t}% ({t}% inclusive of the column 1 rate)', f'floor: {t}', ctry, None, '{ mfnBelow: %s }' % t, nm=nm)
open('/work/main/law/section-301/forced-labor.yaml','w').write('\n'.join(out)+'\n')
print(len(out))
