#!/usr/bin/env python3
"""Build gazetteers/countries.tsv from Debian's iso-codes plus hand-written tables.

    python3 tools/build_countries.py [ISO_3166-1_JSON] [OUT]

Defaults: /usr/share/iso-codes/json/iso_3166-1.json (Debian package iso-codes)
and gazetteers/countries.tsv.

Writes:
  COUNTRY  every sovereign state in ISO 3166-1 (plus Kosovo), canonical = short
           common name used in news, ISO name / common_name / official_name and
           hand-written aliases as ALIASES; iso2/iso3 attrs.
  COUNTRY  former states (Soviet Union, Yugoslavia, ...), former=1.
  LOC      ISO 3166-1 entries that are not sovereign states (Hong Kong, Puerto
           Rico, Greenland, ...), with iso2/iso3 and country=<sovereign> where clear.
  NORP     demonyms / nationality adjectives, country=<canonical country>.
ISO names that contain a comma ("Korea, Republic of") are not used as aliases.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gazlib import GAZ, fmt_aliases, fmt_attrs, slugify, write_tsv  # noqa: E402

ISO = '/usr/share/iso-codes/json/iso_3166-1.json'

# ISO 3166-1 entries that are NOT sovereign states -> LOC, with the state they belong to.
TERRITORIES = {
    'AW': 'Netherlands', 'AI': 'United Kingdom', 'AX': 'Finland', 'AS': 'United States',
    'AQ': None, 'TF': 'France', 'BQ': 'Netherlands', 'BL': 'France', 'BM': 'United Kingdom',
    'BV': 'Norway', 'CC': 'Australia', 'CK': 'New Zealand', 'CW': 'Netherlands',
    'CX': 'Australia', 'KY': 'United Kingdom', 'EH': None, 'FK': 'United Kingdom',
    'FO': 'Denmark', 'GG': 'United Kingdom', 'GI': 'United Kingdom', 'GP': 'France',
    'GL': 'Denmark', 'GF': 'France', 'GU': 'United States', 'HK': 'China',
    'HM': 'Australia', 'IM': 'United Kingdom', 'IO': 'United Kingdom', 'JE': 'United Kingdom',
    'MO': 'China', 'MF': 'France', 'MP': 'United States', 'MS': 'United Kingdom',
    'MQ': 'France', 'YT': 'France', 'NC': 'France', 'NF': 'Australia', 'NU': 'New Zealand',
    'PN': 'United Kingdom', 'PR': 'United States', 'PF': 'France', 'RE': 'France',
    'GS': 'United Kingdom', 'SH': 'United Kingdom', 'SJ': 'Norway', 'PM': 'France',
    'SX': 'Netherlands', 'TC': 'United Kingdom', 'TK': 'New Zealand',
    'UM': 'United States', 'VG': 'United Kingdom', 'VI': 'United States', 'WF': 'France',
}

# Canonical (short, news) names where the ISO name is not the one used in news.
CANONICAL = {
    'BO': 'Bolivia', 'BN': 'Brunei', 'CV': 'Cape Verde', 'CI': 'Ivory Coast',
    'CD': 'Democratic Republic of the Congo', 'CG': 'Republic of the Congo',
    'CZ': 'Czech Republic', 'FM': 'Micronesia', 'IR': 'Iran', 'KR': 'South Korea',
    'KP': 'North Korea', 'LA': 'Laos', 'MD': 'Moldova', 'PS': 'Palestine', 'RU': 'Russia',
    'SY': 'Syria', 'TL': 'East Timor', 'TR': 'Turkey', 'TW': 'Taiwan', 'TZ': 'Tanzania',
    'VA': 'Vatican City', 'VE': 'Venezuela', 'VN': 'Vietnam', 'ST': 'São Tomé and Príncipe',
    'BS': 'Bahamas', 'GM': 'Gambia',
    # territories
    'MO': 'Macau', 'FK': 'Falkland Islands', 'VG': 'British Virgin Islands',
    'VI': 'US Virgin Islands', 'MF': 'Saint Martin', 'SX': 'Sint Maarten',
    'CC': 'Cocos Islands', 'SH': 'Saint Helena', 'BQ': 'Caribbean Netherlands',
    'UM': 'United States Minor Outlying Islands',
}

ALIASES = {
    'US': 'US|U.S.|USA|U.S.A.|America|United States of America|the United States|the US|the U.S.',
    'GB': 'UK|U.K.|Britain|Great Britain|the UK|the U.K.|United Kingdom of Great Britain and Northern Ireland',
    'CN': "PRC|P.R.C.|People's Republic of China|Communist China|Mainland China|mainland China|Red China",
    'RU': 'Russian Federation|the Russian Federation',
    'KR': 'Republic of Korea|the Republic of Korea|ROK|S. Korea|S.Korea|Korea',
    'KP': "DPRK|D.P.R.K.|N. Korea|N.Korea|Democratic People's Republic of Korea",
    'TW': 'Republic of China|ROC|R.O.C.|Chinese Taipei|Formosa',
    'IR': 'Islamic Republic of Iran|Persia',
    'SY': 'Syrian Arab Republic',
    'VN': 'Viet Nam|Socialist Republic of Viet Nam|Socialist Republic of Vietnam',
    'LA': "Lao People's Democratic Republic|Lao PDR",
    'MD': 'Republic of Moldova',
    'TZ': 'United Republic of Tanzania',
    'VE': 'Bolivarian Republic of Venezuela',
    'BO': 'Plurinational State of Bolivia',
    'CZ': 'Czechia',
    'NL': 'Holland|the Netherlands|The Netherlands|Kingdom of the Netherlands',
    'CI': "Côte d'Ivoire|Cote d'Ivoire|Cote D'Ivoire|Côte d’Ivoire|Cote d’Ivoire",
    'MM': 'Burma|Republic of the Union of Myanmar',
    'MK': 'Macedonia|Republic of North Macedonia|FYROM|Former Yugoslav Republic of Macedonia|Republic of Macedonia',
    'AE': 'UAE|U.A.E.',
    'SA': 'KSA|Kingdom of Saudi Arabia',
    'BA': 'Bosnia|Bosnia-Herzegovina|Bosnia-Hercegovina',
    'PH': 'the Philippines|The Philippines',
    'CD': 'DR Congo|DRC|D.R. Congo|Democratic Republic of Congo|Congo-Kinshasa',
    'CG': 'Congo|Congo-Brazzaville|Republic of Congo',
    'TR': 'Türkiye|Turkiye|Republic of Turkey',
    'TL': 'Timor-Leste|Democratic Republic of Timor-Leste',
    'SZ': 'Swaziland|Kingdom of Eswatini',
    'CV': 'Cabo Verde',
    'BN': 'Brunei Darussalam',
    'VA': 'Vatican|the Vatican|Holy See|the Holy See',
    'PS': 'State of Palestine',
    'GM': 'The Gambia|the Gambia',
    'BS': 'The Bahamas|the Bahamas',
    'KN': 'St Kitts and Nevis|St. Kitts and Nevis|St Kitts|St. Kitts',
    'LC': 'St Lucia|St. Lucia',
    'VC': 'St Vincent and the Grenadines|St. Vincent and the Grenadines|St Vincent|St. Vincent',
    'TT': 'Trinidad|Trinidad & Tobago',
    'AG': 'Antigua|Antigua & Barbuda',
    'ST': 'Sao Tome and Principe|São Tomé|Sao Tome',
    'GW': 'Guinea Bissau',
    'PG': 'PNG',
    'IE': 'Republic of Ireland|Eire|Éire',
    'KG': 'Kyrgyz Republic|Kirghizia|Kyrgyzia',
    'BY': 'Byelorussia|Belorussia',
    'KZ': 'Kazakstan',
    'FM': 'Federated States of Micronesia',
    'BH': 'Kingdom of Bahrain',
    'DE': 'Federal Republic of Germany',
    'DO': 'Dominican Rep.',
    'CF': 'C.A.R.',
    'MV': 'the Maldives|The Maldives',
    'SC': 'the Seychelles|The Seychelles',
    'SB': 'the Solomon Islands',
    'MH': 'the Marshall Islands',
    'CH': 'Swiss Confederation',
    'LY': 'Libyan Arab Jamahiriya',
    'YE': 'Republic of Yemen',
    # territories
    'MO': 'Macao|Macao SAR',
    'HK': 'Hong Kong SAR|HKSAR',
    'FK': 'Falklands|Malvinas|Islas Malvinas|Falkland Islands (Malvinas)',
    'VG': 'BVI',
    'VI': 'U.S. Virgin Islands|USVI|Virgin Islands of the United States',
    'MF': 'St Martin|St. Martin',
    'CC': 'Cocos (Keeling) Islands|Keeling Islands',
    'SH': 'St Helena|St. Helena',
    'BQ': 'Bonaire, Sint Eustatius and Saba|Bonaire',
    'RE': 'Reunion',
    'AX': 'Aland Islands|Åland|Aland',
    'CW': 'Curacao',
    'BL': 'St Barts|St. Barts|Saint Barthelemy|St Barthelemy',
    'PR': 'Porto Rico',
    'FO': 'Faroes|Faeroe Islands|Faeroes',
    'GS': 'South Georgia',
    'SJ': 'Svalbard',
    'PM': 'St Pierre and Miquelon',
    'TC': 'Turks and Caicos',
    'WF': 'Wallis and Futuna Islands',
    'PN': 'Pitcairn Islands',
    'IO': 'Chagos Islands|Chagos Archipelago',
}

AMBIGUOUS = {'JO', 'GE', 'TD', 'NE', 'TR', 'CG', 'GN', 'JE', 'DM', 'MC'}

# Wikidata QIDs that we are certain of; everything else gets a nerq: slug.
QID = {
    'US': 'Q30', 'CN': 'Q148', 'RU': 'Q159', 'GB': 'Q145', 'DE': 'Q183', 'FR': 'Q142',
    'JP': 'Q17', 'IT': 'Q38', 'ES': 'Q29', 'IN': 'Q668', 'BR': 'Q155', 'CA': 'Q16',
    'AU': 'Q408', 'UA': 'Q212', 'TW': 'Q865', 'KR': 'Q884', 'KP': 'Q423', 'IR': 'Q794',
    'IL': 'Q801', 'TR': 'Q43', 'MX': 'Q96', 'AR': 'Q414', 'PL': 'Q36', 'NL': 'Q55',
    'BE': 'Q31', 'CH': 'Q39', 'AT': 'Q40', 'SE': 'Q34', 'NO': 'Q20', 'DK': 'Q35',
    'FI': 'Q33', 'IE': 'Q27', 'GR': 'Q41', 'PT': 'Q45', 'HU': 'Q28', 'RO': 'Q218',
    'BG': 'Q219', 'CZ': 'Q213', 'SK': 'Q214', 'SI': 'Q215', 'HR': 'Q224', 'RS': 'Q403',
    'BY': 'Q184', 'LT': 'Q37', 'LV': 'Q211', 'EE': 'Q191', 'GE': 'Q230', 'PK': 'Q843',
    'AF': 'Q889', 'IQ': 'Q796', 'SY': 'Q858', 'SA': 'Q851', 'EG': 'Q79', 'NG': 'Q1033',
    'ZA': 'Q258', 'VN': 'Q881', 'ID': 'Q252', 'PH': 'Q928', 'NZ': 'Q664', 'CL': 'Q298',
    'CO': 'Q739', 'VE': 'Q717', 'CU': 'Q241', 'IS': 'Q189', 'LU': 'Q32',
}
FORMER_QID = {'Soviet Union': 'Q15180'}

# Former states: canonical -> (aliases, iso3166-3 alpha-3 or None)
FORMER = {
    'Soviet Union': ('USSR|U.S.S.R.|Union of Soviet Socialist Republics|the Soviet Union|Soviet Russia', 'SUN'),
    'Yugoslavia': ('Federal Republic of Yugoslavia|Socialist Federal Republic of Yugoslavia|SFRY|FRY', 'YUG'),
    'Czechoslovakia': ('Czechoslovak Socialist Republic|Czech and Slovak Federative Republic', 'CSK'),
    'East Germany': ('German Democratic Republic|GDR|DDR', 'DDR'),
    'West Germany': ('Federal Republic of West Germany', None),
    'Zaire': ('Republic of Zaire', 'ZAR'),
    'Serbia and Montenegro': ('State Union of Serbia and Montenegro', 'SCG'),
    'Rhodesia': ('Southern Rhodesia', 'RHO'),
    'South Vietnam': ('Republic of Vietnam', None),
    'North Vietnam': ('Democratic Republic of Vietnam', 'VDR'),
    'Upper Volta': ('Republic of Upper Volta', 'HVO'),
    'Dahomey': ('Republic of Dahomey', 'DHY'),
    'South Yemen': ("People's Democratic Republic of Yemen", 'YMD'),
    'Ottoman Empire': ('-', None),
    'Austria-Hungary': ('Austro-Hungarian Empire', None),
    'Prussia': ('Kingdom of Prussia', None),
}

# Demonyms: alpha-2 (or canonical of a former state) -> adjective first, then other forms.
DEMONYMS = {
    'AF': 'Afghan|Afghans', 'AL': 'Albanian|Albanians', 'DZ': 'Algerian|Algerians',
    'AD': 'Andorran|Andorrans', 'AO': 'Angolan|Angolans', 'AG': 'Antiguan|Antiguans',
    'AR': 'Argentine|Argentinian|Argentinians|Argentines|Argentinean',
    'AM': 'Armenian|Armenians', 'AU': 'Australian|Australians|Aussie|Aussies',
    'AT': 'Austrian|Austrians', 'AZ': 'Azerbaijani|Azerbaijanis|Azeri|Azeris',
    'BS': 'Bahamian|Bahamians', 'BH': 'Bahraini|Bahrainis', 'BD': 'Bangladeshi|Bangladeshis',
    'BB': 'Barbadian|Barbadians|Bajan', 'BY': 'Belarusian|Belarusians|Belarussian|Byelorussian',
    'BE': 'Belgian|Belgians', 'BZ': 'Belizean|Belizeans', 'BJ': 'Beninese', 'BT': 'Bhutanese',
    'BO': 'Bolivian|Bolivians', 'BA': 'Bosnian|Bosnians', 'BW': 'Motswana|Batswana|Botswanan',
    'BR': 'Brazilian|Brazilians', 'BN': 'Bruneian|Bruneians', 'BG': 'Bulgarian|Bulgarians',
    'BF': 'Burkinabe|Burkinabè', 'BI': 'Burundian|Burundians',
    'KH': 'Cambodian|Cambodians|Khmer', 'CM': 'Cameroonian|Cameroonians',
    'CA': 'Canadian|Canadians', 'CV': 'Cape Verdean|Cape Verdeans', 'CF': 'Central African',
    'TD': 'Chadian|Chadians', 'CL': 'Chilean|Chileans', 'CN': 'Chinese',
    'CO': 'Colombian|Colombians', 'KM': 'Comorian|Comoran', 'CD': 'Congolese',
    'CR': 'Costa Rican|Costa Ricans', 'CI': 'Ivorian|Ivorians',
    'HR': 'Croatian|Croatians|Croat|Croats', 'CU': 'Cuban|Cubans', 'CY': 'Cypriot|Cypriots',
    'CZ': 'Czech|Czechs', 'DK': 'Danish|Dane|Danes', 'DJ': 'Djiboutian|Djiboutians',
    'DO': 'Dominican|Dominicans', 'TL': 'Timorese|East Timorese',
    'EC': 'Ecuadorian|Ecuadorians|Ecuadorean', 'EG': 'Egyptian|Egyptians',
    'SV': 'Salvadoran|Salvadorans|Salvadorean', 'GQ': 'Equatorial Guinean|Equatoguinean',
    'ER': 'Eritrean|Eritreans', 'EE': 'Estonian|Estonians', 'SZ': 'Swazi|Swazis',
    'ET': 'Ethiopian|Ethiopians', 'FJ': 'Fijian|Fijians', 'FI': 'Finnish|Finn|Finns',
    'FR': 'French|Frenchman|Frenchmen|Frenchwoman', 'GA': 'Gabonese', 'GM': 'Gambian|Gambians',
    'GE': 'Georgian|Georgians', 'DE': 'German|Germans', 'GH': 'Ghanaian|Ghanaians',
    'GR': 'Greek|Greeks', 'GD': 'Grenadian|Grenadians', 'GT': 'Guatemalan|Guatemalans',
    'GN': 'Guinean|Guineans', 'GW': 'Bissau-Guinean', 'GY': 'Guyanese', 'HT': 'Haitian|Haitians',
    'HN': 'Honduran|Hondurans', 'HU': 'Hungarian|Hungarians|Magyar',
    'IS': 'Icelandic|Icelander|Icelanders', 'IN': 'Indian|Indians',
    'ID': 'Indonesian|Indonesians', 'IR': 'Iranian|Iranians|Persian', 'IQ': 'Iraqi|Iraqis',
    'IE': 'Irish|Irishman|Irishmen', 'IL': 'Israeli|Israelis', 'IT': 'Italian|Italians',
    'JM': 'Jamaican|Jamaicans', 'JP': 'Japanese', 'JO': 'Jordanian|Jordanians',
    'KZ': 'Kazakh|Kazakhs|Kazakhstani|Kazak', 'KE': 'Kenyan|Kenyans', 'KI': 'I-Kiribati',
    'KP': 'North Korean|North Koreans', 'KR': 'South Korean|South Koreans',
    'XK': 'Kosovar|Kosovars|Kosovan', 'KW': 'Kuwaiti|Kuwaitis',
    'KG': 'Kyrgyz|Kyrgyzstani|Kirghiz', 'LA': 'Laotian|Laotians|Lao', 'LV': 'Latvian|Latvians',
    'LB': 'Lebanese', 'LS': 'Basotho|Mosotho', 'LR': 'Liberian|Liberians', 'LY': 'Libyan|Libyans',
    'LI': 'Liechtensteiner', 'LT': 'Lithuanian|Lithuanians',
    'LU': 'Luxembourgish|Luxembourger|Luxembourgers', 'MG': 'Malagasy',
    'MW': 'Malawian|Malawians', 'MY': 'Malaysian|Malaysians', 'MV': 'Maldivian|Maldivians',
    'ML': 'Malian|Malians', 'MT': 'Maltese', 'MH': 'Marshallese',
    'MR': 'Mauritanian|Mauritanians', 'MU': 'Mauritian|Mauritians', 'MX': 'Mexican|Mexicans',
    'FM': 'Micronesian', 'MD': 'Moldovan|Moldovans|Moldavian', 'MC': 'Monegasque',
    'MN': 'Mongolian|Mongolians', 'ME': 'Montenegrin|Montenegrins',
    'MA': 'Moroccan|Moroccans', 'MZ': 'Mozambican|Mozambicans', 'MM': 'Burmese',
    'NA': 'Namibian|Namibians', 'NR': 'Nauruan', 'NP': 'Nepali|Nepalese|Nepalis',
    'NL': 'Dutch|Dutchman|Dutchmen', 'NZ': 'New Zealander|New Zealanders|Kiwi|Kiwis',
    'NI': 'Nicaraguan|Nicaraguans', 'NE': 'Nigerien|Nigeriens', 'NG': 'Nigerian|Nigerians',
    'MK': 'Macedonian|Macedonians|North Macedonian', 'NO': 'Norwegian|Norwegians',
    'OM': 'Omani|Omanis', 'PK': 'Pakistani|Pakistanis', 'PW': 'Palauan',
    'PS': 'Palestinian|Palestinians', 'PA': 'Panamanian|Panamanians',
    'PG': 'Papua New Guinean|Papuan', 'PY': 'Paraguayan|Paraguayans', 'PE': 'Peruvian|Peruvians',
    'PH': 'Filipino|Filipinos|Filipina|Philippine', 'PL': 'Polish|Pole|Poles',
    'PT': 'Portuguese', 'QA': 'Qatari|Qataris', 'RO': 'Romanian|Romanians',
    'RU': 'Russian|Russians', 'RW': 'Rwandan|Rwandans|Rwandese', 'KN': 'Kittitian',
    'LC': 'Saint Lucian|St Lucian', 'VC': 'Vincentian', 'WS': 'Samoan|Samoans',
    'SM': 'Sammarinese', 'ST': 'Santomean',
    'SA': 'Saudi|Saudis|Saudi Arabian|Saudi Arabians', 'SN': 'Senegalese',
    'RS': 'Serbian|Serbians|Serb|Serbs', 'SC': 'Seychellois',
    'SL': 'Sierra Leonean|Sierra Leoneans', 'SG': 'Singaporean|Singaporeans',
    'SK': 'Slovak|Slovaks|Slovakian', 'SI': 'Slovenian|Slovenians|Slovene|Slovenes',
    'SB': 'Solomon Islander|Solomon Islanders', 'SO': 'Somali|Somalis|Somalian',
    'ZA': 'South African|South Africans', 'SS': 'South Sudanese',
    'ES': 'Spanish|Spaniard|Spaniards', 'LK': 'Sri Lankan|Sri Lankans', 'SD': 'Sudanese',
    'SR': 'Surinamese', 'SE': 'Swedish|Swede|Swedes', 'CH': 'Swiss', 'SY': 'Syrian|Syrians',
    'TW': 'Taiwanese', 'TJ': 'Tajik|Tajiks|Tajikistani', 'TZ': 'Tanzanian|Tanzanians',
    'TH': 'Thai|Thais', 'TG': 'Togolese', 'TO': 'Tongan|Tongans',
    'TT': 'Trinidadian|Trinidadians', 'TN': 'Tunisian|Tunisians', 'TR': 'Turkish|Turk|Turks',
    'TM': 'Turkmen|Turkmens', 'TV': 'Tuvaluan', 'UG': 'Ugandan|Ugandans',
    'UA': 'Ukrainian|Ukrainians', 'AE': 'Emirati|Emiratis',
    'GB': 'British|Briton|Britons|Brit|Brits', 'US': 'American|Americans',
    'UY': 'Uruguayan|Uruguayans', 'UZ': 'Uzbek|Uzbeks|Uzbekistani', 'VU': 'Ni-Vanuatu',
    'VE': 'Venezuelan|Venezuelans', 'VN': 'Vietnamese', 'YE': 'Yemeni|Yemenis',
    'ZM': 'Zambian|Zambians', 'ZW': 'Zimbabwean|Zimbabweans',
    # former states / constituent nations
    'Soviet Union': 'Soviet|Soviets', 'Yugoslavia': 'Yugoslav|Yugoslavs|Yugoslavian',
    'Czechoslovakia': 'Czechoslovak|Czechoslovakian', 'East Germany': 'East German|East Germans',
    'West Germany': 'West German|West Germans', 'Zaire': 'Zairean|Zairian|Zaireans',
    'Rhodesia': 'Rhodesian|Rhodesians',
    'England': 'English|Englishman|Englishmen|Englishwoman',
    'Scotland': 'Scottish|Scot|Scots', 'Wales': 'Welsh|Welshman|Welshmen',
    'Northern Ireland': 'Northern Irish', 'Puerto Rico': 'Puerto Rican|Puerto Ricans',
    'Hong Kong': 'Hong Konger|Hong Kongers', 'Greenland': 'Greenlandic|Greenlander|Greenlanders',
}
# Dominica (DM) has no demonym entry: 'Dominican' is taken by the Dominican Republic.
# demonym owner -> country attr for non-ISO keys
DEMONYM_COUNTRY = {'England': 'United Kingdom', 'Scotland': 'United Kingdom',
                   'Wales': 'United Kingdom', 'Northern Ireland': 'United Kingdom',
                   'Puerto Rico': 'United States', 'Hong Kong': 'China', 'Greenland': 'Denmark'}
AMBIGUOUS_NORP = {'Georgian', 'Indian', 'Persian', 'Kiwi', 'Turk', 'Pole', 'Scot', 'Dane',
                  'Finn', 'Swede', 'Dominican', 'Congolese', 'Lao', 'Brit', 'Khmer'}

# Groups without a single country (ethnic, religious, regional, political).
NORP_GROUPS = [
    'Arab|Arabs', 'Kurdish|Kurd|Kurds', 'Uyghur|Uighur|Uyghurs|Uighurs', 'Tibetan|Tibetans',
    'Chechen|Chechens', 'Tatar|Tatars|Crimean Tatar|Crimean Tatars', 'Basque|Basques',
    'Catalan|Catalans', 'Flemish', 'Walloon|Walloons', 'Tamil|Tamils', 'Sikh|Sikhs',
    'Pashtun|Pashtuns', 'Hutu|Hutus', 'Tutsi|Tutsis', 'Bosniak|Bosniaks', 'Ossetian|Ossetians',
    'Abkhaz|Abkhazian|Abkhazians', 'Rohingya', 'Druze', 'Berber|Berbers', 'Maori', 'Roma',
    'Muslim|Muslims|Moslem|Moslems', 'Christian|Christians', 'Jewish|Jew|Jews',
    'Catholic|Catholics|Roman Catholic|Roman Catholics', 'Protestant|Protestants',
    'Sunni|Sunnis', "Shia|Shi'ite|Shi'ites|Shiite|Shiites|Shi'ite Muslims", 'Hindu|Hindus',
    'Buddhist|Buddhists', 'Islamist|Islamists', 'Evangelical|Evangelicals',
    'European|Europeans', 'Asian|Asians', 'African|Africans', 'Latin American|Latin Americans',
    'Middle Eastern', 'Scandinavian|Scandinavians', 'Nordic', 'Slavic|Slav|Slavs',
    'Hispanic|Hispanics|Latino|Latinos|Latina', 'Balkan', 'Baltic',
    'Eurasian', 'Transatlantic|trans-Atlantic', 'Anglo-Saxon', 'Afro-American|African American|African Americans|African-American|African-Americans',
    'Native American|Native Americans', 'Aboriginal|Aborigines|Aborigine',
    'Democrat|Democrats', 'Republican|Republicans', 'Communist|Communists',
    'Bolshevik|Bolsheviks', 'Marxist|Marxists', 'Maoist|Maoists', 'Zionist|Zionists',
    'Sinhalese', 'Bengali|Bengalis', 'Punjabi|Punjabis', 'Gujarati', 'Han Chinese',
    'Cantonese', 'Mandarin',
]
AMBIGUOUS_GROUPS = {'Roma', 'Caribbean', 'Mandarin', 'Republican', 'Democrat', 'Baltic',
                    'Christian', 'Catholic', 'Nordic', 'Balkan'}


def main():
    iso = sys.argv[1] if len(sys.argv) > 1 else ISO
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(GAZ, 'countries.tsv')
    with open(iso, encoding='utf-8') as f:
        data = json.load(f)['3166-1']
    # Kosovo is not in ISO 3166-1; XK is the user-assigned code used by the EU and IMF.
    data.append({'alpha_2': 'XK', 'alpha_3': 'XKX', 'name': 'Kosovo',
                 'official_name': 'Republic of Kosovo'})

    entries = []
    canon_of = {}
    for c in data:
        a2 = c['alpha_2']
        canon = CANONICAL.get(a2) or c.get('common_name') or c['name']
        canon_of[a2] = canon
        forms = [c.get('common_name'), c['name'], c.get('official_name')]
        forms = [x for x in forms if x and ',' not in x]
        forms += ALIASES.get(a2, '').split('|')
        attrs = [('iso2', a2), ('iso3', c['alpha_3'])]
        if a2 in TERRITORIES:
            attrs.append(('country', TERRITORIES[a2]))
            typ, cid = 'LOC', 'nerq:loc/' + slugify(canon)
        else:
            typ = 'COUNTRY'
            cid = QID.get(a2, 'nerq:country/' + slugify(canon))
        if a2 in AMBIGUOUS:
            attrs.append(('ambiguous', '1'))
        entries.append((typ, cid, canon, fmt_aliases(forms, canon), fmt_attrs(attrs)))

    for canon, (aliases, a3) in FORMER.items():
        attrs = [('iso3', a3)] if a3 else []
        attrs.append(('former', '1'))
        cid = FORMER_QID.get(canon, 'nerq:country/' + slugify(canon))
        entries.append(('COUNTRY', cid, canon,
                        fmt_aliases([] if aliases == '-' else aliases.split('|'), canon),
                        fmt_attrs(attrs)))

    for key, forms in DEMONYMS.items():
        forms = forms.split('|')
        country = canon_of.get(key) or DEMONYM_COUNTRY.get(key) or key
        attrs = [('country', country)]
        if forms[0] in AMBIGUOUS_NORP:
            attrs.append(('ambiguous', '1'))
        entries.append(('NORP', 'nerq:norp/' + slugify(forms[0]), forms[0],
                        fmt_aliases(forms[1:], forms[0]), fmt_attrs(attrs)))
    for forms in NORP_GROUPS:
        forms = forms.split('|')
        attrs = [('ambiguous', '1')] if forms[0] in AMBIGUOUS_GROUPS else []
        entries.append(('NORP', 'nerq:norp/' + slugify(forms[0]), forms[0],
                        fmt_aliases(forms[1:], forms[0]), fmt_attrs(attrs)))

    header = ('# nerq gazetteer: countries (COUNTRY), former states (COUNTRY, former=1),\n'
              '# non-sovereign ISO 3166-1 territories (LOC) and demonyms/groups (NORP).\n'
              '# GENERATED by: python3 tools/build_countries.py  -- edit the script, not this file.\n'
              '# Sources: Debian iso-codes %s (LGPL-2.1+), ISO 3166-1 names;\n'
              '#          hand-curated aliases, demonyms, former states and QIDs in the script.\n'
              % _iso_version())
    n = write_tsv(out, header, entries)
    print('%s: %d entries' % (out, n))


def _iso_version():
    try:
        with open('/usr/share/doc/iso-codes/changelog.Debian.gz', 'rb') as f:
            import gzip
            first = gzip.decompress(f.read()).split(b'\n', 1)[0].decode()
            return first.split('(')[1].split(')')[0]
    except Exception:
        return ''


if __name__ == '__main__':
    main()
