// The extractor's word lists. Each list is a hash set built once.
#include "indexer/entities_words.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <unordered_set>

namespace morgue {
namespace {

// A set of words with a cheap FNV hash and, in front of it, the lengths and
// first bytes its words have: most words the extractor asks about (every
// capitalised word, every word beside a name) are turned away without
// hashing.
class WordSet {
 public:
  WordSet(std::initializer_list<std::string_view> words) : set_(words) {
    for (std::string_view w : words) {
      max_size_ = std::max(max_size_, w.size());
      if (!w.empty()) {
        first_[static_cast<unsigned char>(w.front())] |= LengthBit(w.size());
        last_[static_cast<unsigned char>(w.back())] = true;
      }
    }
  }
  // Most words asked about are not in the set: a (first byte, length) and
  // a last-byte filter answer them before the hash ("Minister" is checked
  // against every capitalised word near a name).
  size_t count(std::string_view w) const {
    if (w.empty() || w.size() > max_size_ ||
        (first_[static_cast<unsigned char>(w.front())] & LengthBit(w.size())) == 0 ||
        !last_[static_cast<unsigned char>(w.back())]) {
      return 0;
    }
    return set_.count(w);
  }

 private:
  struct Fnv {
    size_t operator()(std::string_view w) const {
      uint64_t h = 0xcbf29ce484222325ULL;
      for (const char c : w) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
      }
      return static_cast<size_t>(h);
    }
  };
  // Bit min(size, 31) of a 32-bit mask.
  static uint32_t LengthBit(size_t size) { return uint32_t{1} << std::min<size_t>(size, 31); }
  std::unordered_set<std::string_view, Fnv> set_;
  size_t max_size_ = 0;
  std::array<uint32_t, 256> first_{};  // per first byte, the lengths of its words
  std::array<bool, 256> last_{};
};

const WordSet& Titles() {
  static const WordSet kSet{"President",
                            "Vice",
                            "Prime",
                            "Minister",
                            "Secretary",
                            "Chairman",
                            "Chairwoman",
                            "Chancellor",
                            "Governor",
                            "Gov",
                            "Senator",
                            "Sen",
                            "Rep",
                            "Representative",
                            "Congressman",
                            "Congresswoman",
                            "Dr",
                            "Mr",
                            "Mrs",
                            "Ms",
                            "Miss",
                            "King",
                            "Queen",
                            "Prince",
                            "Princess",
                            "Pope",
                            "General",
                            "Gen",
                            "Admiral",
                            "Colonel",
                            "Col",
                            "Lieutenant",
                            "Lt",
                            "Captain",
                            "Capt",
                            "Major",
                            "Sergeant",
                            "Sheikh",
                            "Ayatollah",
                            "Premier",
                            "Ambassador",
                            "Judge",
                            "Justice",
                            "Mayor",
                            "Spokesman",
                            "Spokeswoman",
                            "Director",
                            "Commissioner",
                            "Treasurer",
                            "Speaker",
                            "Leader",
                            "Chief",
                            "Sir",
                            "Lord",
                            "Lady",
                            "Dame",
                            "Rev",
                            "Reverend",
                            "Father",
                            "Bishop",
                            "Cardinal",
                            "Archbishop",
                            "Emir",
                            "Sultan",
                            "Crown",
                            "Deputy",
                            "Undersecretary",
                            "Attorney",
                            "Professor",
                            "Prof",
                            "Economist",
                            "Analyst",
                            "Chief Executive",
                            "Officer",
                            "Envoy",
                            "Dictator",
                            "Senior"};
  return kSet;
}

const WordSet& Roles() {
  static const WordSet kSet{"spokesman",  "spokeswoman",  "spokesperson",   "chairman",
                            "chairwoman", "president",    "minister",       "secretary",
                            "governor",   "director",     "analyst",        "economist",
                            "executive",  "officer",      "chief",          "ambassador",
                            "envoy",      "commissioner", "leader",         "senator",
                            "official",   "negotiator",   "trader",         "dealer",
                            "manager",    "partner",      "vice-president", "treasurer",
                            "strategist", "adviser",      "advisor",        "founder",
                            "candidate",  "lawyer",       "attorney",       "general",
                            "colonel",    "mayor",        "premier"};
  return kSet;
}

const WordSet& OrgWords() {
  static const WordSet kSet{"Agency",       "Party",
                            "Bank",         "Banks",
                            "Ministry",     "Inc",
                            "Corp",         "Corporation",
                            "Co",           "Cos",
                            "Ltd",          "Limited",
                            "Plc",          "PLC",
                            "AG",           "SA",
                            "NV",           "BV",
                            "GmbH",         "SpA",
                            "AB",           "Group",
                            "Council",      "Committee",
                            "Commission",   "Association",
                            "Union",        "Organization",
                            "Organisation", "Fund",
                            "Reserve",      "Department",
                            "Exchange",     "University",
                            "Hezbollah",    "Institute",
                            "Authority",    "Board",
                            "Federation",   "Foundation",
                            "Society",      "Trust",
                            "Company",      "Industries",
                            "Holdings",     "Airlines",
                            "Airways",      "Motors",
                            "Petroleum",    "Bancorp",
                            "Bancshares",   "Securities",
                            "Partners",     "Associates",
                            "Congress",     "Parliament",
                            "Senate",       "Assembly",
                            "Court",        "Office",
                            "Army",         "Navy",
                            "Force",        "Command",
                            "Police",       "Service",
                            "Services",     "Administration",
                            "Bureau",       "Post",
                            "Times",        "Journal",
                            "News",         "Press",
                            "Herald",       "Tribune",
                            "Telegraph",    "Network",
                            "Front",        "Movement",
                            "Alliance",     "League",
                            "Coalition",    "Church",
                            "Club",         "Laboratories",
                            "Systems",      "Technologies",
                            "Electric",     "Railway",
                            "Railroad",     "Mines",
                            "Mining",       "Oil",
                            "Steel",        "Chemical",
                            "Chemicals",    "Pharmaceuticals",
                            "Insurance",    "Financial",
                            "Savings",      "Brothers",
                            "Enterprises",  "International",
                            "Cabinet",      "Treasury",
                            "Pentagon",     "Kremlin",
                            "House",        "Embassy",
                            "Consortium",   "Cartel",
                            "Guard",        "Brigades"};
  return kSet;
}

const WordSet& StopWords() {
  static const WordSet kSet{
      "The",       "A",         "An",         "But",      "And",       "Or",        "Nor",
      "So",        "Yet",       "If",         "When",     "While",     "Why",       "What",
      "Where",     "Who",       "Whom",       "Which",    "How",       "In",        "On",
      "At",        "By",        "For",        "From",     "To",        "Of",        "With",
      "Without",   "After",     "Before",     "During",   "Since",     "Until",     "As",
      "Although",  "Though",    "Because",    "It",       "Its",       "He",        "She",
      "They",      "We",        "I",          "You",      "His",       "Her",       "Their",
      "Our",       "My",        "Your",       "This",     "That",      "These",     "Those",
      "There",     "Here",      "Some",       "Many",     "Most",      "All",       "Any",
      "Each",      "Every",     "No",         "Not",      "Other",     "Such",      "One",
      "Two",       "Three",     "Also",       "Under",    "Over",      "Between",   "Among",
      "Against",   "About",     "Into",       "Through",  "Despite",   "Unlike",    "Like",
      "Meanwhile", "However",   "Moreover",   "Earlier",  "Later",     "Last",      "Next",
      "First",     "Then",      "Now",        "Today",    "Yesterday", "Tomorrow",  "Monday",
      "Tuesday",   "Wednesday", "Thursday",   "Friday",   "Saturday",  "Sunday",    "January",
      "February",  "March",     "April",      "May",      "June",      "July",      "August",
      "September", "October",   "November",   "December", "Jan",       "Feb",       "Mar",
      "Apr",       "Jun",       "Jul",        "Aug",      "Sep",       "Sept",      "Oct",
      "Nov",       "Dec",       "Details",    "Context",  "Go",        "Worth",     "Editor",
      "Updated",   "Photo",     "Note",       "Reuters",  "Analysts",  "Officials", "Sources",
      "Traders",   "Dealers",   "Economists", "Bankers",  "Experts",   "Industry",  "Government",
      "Company",   "Shares",    "Total",      "Net",      "Shr",       "Revs",      "Qtr",
      "Avg",       "Mln",       "Dlrs",       "Year",     "Under",     "Both",      "Only",
      "Even",      "Still",     "Just",       "More",     "Less",      "Much",      "Very",
      "Did",       "Does",      "Do",         "Is",       "Are",       "Was",       "Were",
      "Will",      "Would",     "Should",     "Could",    "Can",       "May",       "Might",
      "Must",      "Has",       "Have",       "Had",      "Let",       "Mar",       "Please",
      "Yes",       "Thank",     "Thanks",     "Same",     "Several",   "Further",   "Following",
      "Asked",     "According", "Separately", "Instead",  "Although"};
  return kSet;
}

const WordSet& CommonSubjects() {
  static const WordSet kSet{"Officials",     "Analysts",    "Sources",    "Traders",
                            "Dealers",       "Economists",  "Bankers",    "Experts",
                            "Diplomats",     "Residents",   "Witnesses",  "Police",
                            "Investigators", "Authorities", "Critics",    "Observers",
                            "Reports",       "Industry",    "Government", "Company",
                            "Spokesmen",     "Brokers",     "Producers",  "Exporters",
                            "Importers",     "Farmers",     "Workers",    "Executives",
                            "Managers",      "Officers",    "Lawyers",    "Prosecutors",
                            "Scientists",    "Researchers", "Doctors",    "Members",
                            "Delegates",     "Ministers",   "Leaders",    "Protesters"};
  return kSet;
}

const WordSet& OrgAcronyms() {
  static const WordSet kSet{"OPEC",   "IMF",     "GATT",   "EC",      "EEC",  "NATO", "UN",
                            "U.N.",   "FBI",     "CIA",    "SEC",     "Fed",  "OECD", "WTO",
                            "WHO",    "EU",      "ASEAN",  "IAEA",    "IEA",  "ILO",  "FAO",
                            "UNCTAD", "UNESCO",  "UNICEF", "COMECON", "EFTA", "GCC",  "BIS",
                            "EIB",    "NASA",    "NSA",    "KGB",     "PLO",  "IRA",  "ANC",
                            "USDA",   "FDA",     "EPA",    "FTC",     "ICC",  "NYSE", "NASDAQ",
                            "Nasdaq", "AFL-CIO", "OAPEC",  "CFTC",    "FDIC", "IBM",  "AT&T",
                            "GM",     "BBC",     "NBC",    "CBS",     "ABC",  "CNN",  "ADB",
                            "IDA",    "Comecon", "Opec"};
  return kSet;
}

const WordSet& SpeechVerbs() {
  static const WordSet kSet{"said",      "says",     "told",   "added",     "stated",    "wrote",
                            "explained", "declared", "warned", "insisted",  "noted",     "tweeted",
                            "asked",     "replied",  "argued", "continued", "according", "saying"};
  return kSet;
}

const WordSet& Pronouns() {
  static const WordSet kSet{"he",   "she", "they", "we", "i",   "it",  "He",  "She",
                            "They", "We",  "I",    "It", "you", "You", "who", "which"};
  return kSet;
}

const WordSet& Connectors() {
  static const WordSet kSet{"of",  "for", "and", "the", "de", "du", "des", "von",
                            "van", "der", "den", "al",  "el", "la", "le",  "da",
                            "di",  "bin", "ibn", "&",   "on", "y"};
  return kSet;
}

const WordSet& NonFinalAbbreviations() {
  static const WordSet kSet{"Mr",  "Mrs", "Ms",     "Dr",   "Rep", "Sen", "Gen", "Gov", "St",
                            "Lt",  "Col", "Capt",   "Prof", "Rev", "Jr",  "Sr",  "Inc", "Corp",
                            "Co",  "Cos", "Ltd",    "Jan",  "Feb", "Mar", "Apr", "Jun", "Jul",
                            "Aug", "Sep", "Sept",   "Oct",  "Nov", "Dec", "No",  "Mt",  "Ft",
                            "vs",  "v",   "approx", "est",  "Bros"};
  return kSet;
}

// Firms named after their founders, as the news writes them (possessive and
// company suffix left out): the tagger reads them as people ("Morgan Stanley
// said"). Financial firms, rating agencies, auditors and auction houses,
// chiefly: the ones business news names every day.
const WordSet& FirmsNamedAfterPeople() {
  static const WordSet kSet{"Arthur Andersen",
                            "Bear Stearns",
                            "Charles Schwab",
                            "Christie",
                            "Coopers and Lybrand",
                            "Dean Witter",
                            "Dillon Read",
                            "Dow Jones",
                            "Drexel Burnham",
                            "Drexel Burnham Lambert",
                            "E.F. Hutton",
                            "EF Hutton",
                            "Ernst and Whinney",
                            "Ernst and Young",
                            "First Boston",
                            "Goldman Sachs",
                            "Harris Upham",
                            "Hutton",
                            "Johnson and Johnson",
                            "Kidder Peabody",
                            "Kleinwort Benson",
                            "Lazard Freres",
                            "Lehman Brothers",
                            "Marks and Spencer",
                            "Merrill Lynch",
                            "Moody",
                            "Morgan Grenfell",
                            "Morgan Guaranty",
                            "Morgan Stanley",
                            "Paine Webber",
                            "PaineWebber",
                            "Peat Marwick",
                            "Piper Jaffray",
                            "Price Waterhouse",
                            "Procter and Gamble",
                            "Prudential-Bache",
                            "S and P",
                            "S&P",
                            "Salomon Brothers",
                            "Shearson Lehman",
                            "Shearson Lehman Brothers",
                            "Smith Barney",
                            "Smith Barney Harris Upham",
                            "Sotheby",
                            "Standard and Poor",
                            "Standard & Poor",
                            "Thomson McKinnon",
                            "Wells Fargo"};
  return kSet;
}

// Nationality and party adjectives that close no person's name ("West
// German", "Japanese", "Republican").
const WordSet& Adjectives() {
  static const WordSet kSet{"African",    "American",   "Arab",       "Argentine",  "Asian",
                            "Australian", "Belgian",    "Brazilian",  "British",    "Canadian",
                            "Chilean",    "Chinese",    "Colombian",  "Communist",  "Conservative",
                            "Danish",     "Democrat",   "Democratic", "Dutch",      "Egyptian",
                            "European",   "Filipino",   "French",     "German",     "Greek",
                            "Indian",     "Indonesian", "Iranian",    "Iraqi",      "Israeli",
                            "Italian",    "Japanese",   "Kenyan",     "Korean",     "Kuwaiti",
                            "Liberal",    "Malaysian",  "Mexican",    "Nigerian",   "Norwegian",
                            "Pakistani",  "Philippine", "Polish",     "Portuguese", "Republican",
                            "Russian",    "Saudi",      "Socialist",  "Soviet",     "Spanish",
                            "Swedish",    "Swiss",      "Taiwanese",  "Thai",       "Turkish",
                            "Venezuelan", "Western"};
  return kSet;
}

}  // namespace

bool IsNationalityAdjective(std::string_view word) { return Adjectives().count(word) > 0; }
bool IsFirmNamedAfterPeople(std::string_view name) {
  return FirmsNamedAfterPeople().count(name) > 0;
}
bool IsTitleWord(std::string_view w) { return Titles().count(w) > 0; }
bool IsRoleWord(std::string_view w) { return Roles().count(w) > 0; }
bool IsOrgWord(std::string_view w) { return OrgWords().count(w) > 0; }
bool IsStopWord(std::string_view w) { return StopWords().count(w) > 0; }
bool IsCommonSubject(std::string_view w) { return CommonSubjects().count(w) > 0; }
bool IsOrgAcronym(std::string_view w) { return OrgAcronyms().count(w) > 0; }
bool IsSpeechVerb(std::string_view w) { return SpeechVerbs().count(w) > 0; }
bool IsPronoun(std::string_view w) { return Pronouns().count(w) > 0; }
bool IsNameConnector(std::string_view w) { return Connectors().count(w) > 0; }
bool IsNonFinalAbbreviation(std::string_view w) { return NonFinalAbbreviations().count(w) > 0; }

}  // namespace morgue
