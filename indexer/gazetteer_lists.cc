// Hand-written gazetteer data: short country names, historical states,
// Reuters place codes, regions and major cities. Canonical names are folded
// (lower case, ASCII); see docs/analysis.md for the naming decisions.
#include "indexer/gazetteer.h"

namespace morgue {

// iso-codes names that are awkward as canonical forms.
const std::vector<CountryOverride>& CountryCanonicalOverrides() {
  static const std::vector<CountryOverride> kList{
      {"US", "united states"}, {"GB", "united kingdom"}, {"RU", "russia"},
      {"KR", "south korea"}, {"KP", "north korea"}, {"IR", "iran"}, {"SY", "syria"},
      {"VE", "venezuela"}, {"TW", "taiwan"}, {"VN", "vietnam"}, {"BO", "bolivia"},
      {"TZ", "tanzania"}, {"LA", "laos"}, {"MD", "moldova"}, {"CI", "ivory coast"},
      {"CV", "cape verde"}, {"VA", "vatican"}, {"PS", "palestine"}, {"BN", "brunei"},
      {"FM", "micronesia"}, {"CD", "democratic republic of the congo"},
      {"VG", "british virgin islands"}, {"VI", "us virgin islands"},
      {"FK", "falkland islands"}, {"MF", "saint martin"}, {"SX", "sint maarten"},
      {"CC", "cocos islands"}, {"CZ", "czech republic"}, {"TR", "turkey"},
      {"TL", "east timor"}, {"SH", "saint helena"}};
  return kList;
}

// Short forms seen in news text, matched case-sensitively.
const std::vector<SurfaceAlias>& CountryShortForms() {
  static const std::vector<SurfaceAlias> kList{
      {"U.S.", "united states"}, {"US", "united states"}, {"U.S.A.", "united states"},
      {"USA", "united states"}, {"America", "united states"},
      {"United States of America", "united states"},
      {"UK", "united kingdom"}, {"U.K.", "united kingdom"}, {"Britain", "united kingdom"},
      {"Great Britain", "united kingdom"}, {"Russia", "russia"}, {"Holland", "netherlands"},
      {"Korea", "south korea"}, {"Burma", "myanmar"}, {"Kampuchea", "cambodia"},
      {"Ivory Coast", "ivory coast"}, {"Zaire", "democratic republic of the congo"},
      {"Swaziland", "eswatini"}, {"Cape Verde", "cape verde"}, {"Vatican", "vatican"},
      {"Vatican City", "vatican"}, {"Holy See", "vatican"}, {"Macau", "macao"},
      {"Czech Republic", "czech republic"}, {"Brunei", "brunei"},
      {"Palestine", "palestine"}, {"Turkey", "turkey"}, {"Macedonia", "north macedonia"},
      {"East Timor", "east timor"}, {"Western Samoa", "samoa"}, {"UAE", "united arab emirates"},
      {"U.A.E.", "united arab emirates"}, {"Emirates", "united arab emirates"},
      {"Viet Nam", "vietnam"}, {"Gambia", "gambia"}, {"Bahamas", "bahamas"},
      {"Philippines", "philippines"}, {"Netherlands", "netherlands"},
      {"Congo", "congo"}, {"Falklands", "falkland islands"},
      {"Falkland Islands", "falkland islands"}, {"Taiwan", "taiwan"},
      {"Trinidad", "trinidad and tobago"}, {"Antigua", "antigua and barbuda"}, {"Trinidad-Tobago", "trinidad and tobago"}};
  return kList;
}

// States that no longer exist keep their own canonical name; renamed states
// (Burma, Zaire, Kampuchea) map to today's name instead.
const std::vector<SurfaceAlias>& HistoricalStates() {
  static const std::vector<SurfaceAlias> kList{
      {"Soviet Union", "soviet union"}, {"USSR", "soviet union"},
      {"U.S.S.R.", "soviet union"}, {"West Germany", "west germany"},
      {"East Germany", "east germany"}, {"Czechoslovakia", "czechoslovakia"},
      {"Yugoslavia", "yugoslavia"}, {"North Yemen", "north yemen"},
      {"South Yemen", "south yemen"}, {"Netherlands Antilles", "netherlands antilles"}};
  return kList;
}

// Reuters-21578 PLACES codes whose folded form is not already an alias.
const std::vector<SurfaceAlias>& ReutersPlaceCodes() {
  static const std::vector<SurfaceAlias> kList{
      {"usa", "united states"}, {"uk", "united kingdom"}, {"ussr", "soviet union"},
      {"uae", "united arab emirates"}, {"trinidad-tobago", "trinidad and tobago"},
      {"yemen-arab-republic", "north yemen"}, {"yemen-demo-republic", "south yemen"},
      {"us-virgin-islands", "us virgin islands"},
      {"british-virgin-islands", "british virgin islands"}, {"u s a", "united states"},
      {"united states of america", "united states"}, {"u s", "united states"},
      {"u k", "united kingdom"}};
  return kList;
}

const std::vector<SurfaceAlias>& Regions() {
  static const std::vector<SurfaceAlias> kList{
      {"Middle East", "middle east"}, {"Mideast", "middle east"}, {"Gulf", "gulf"},
      {"Persian Gulf", "gulf"}, {"Arabian Gulf", "gulf"}, {"Gulf of Mexico", "gulf of mexico"},
      {"Europe", "europe"}, {"Western Europe", "western europe"},
      {"Eastern Europe", "eastern europe"}, {"Asia", "asia"}, {"Southeast Asia", "southeast asia"},
      {"South East Asia", "southeast asia"}, {"Far East", "far east"},
      {"Latin America", "latin america"}, {"South America", "south america"},
      {"North America", "north america"}, {"Central America", "central america"},
      {"Africa", "africa"}, {"West Africa", "west africa"}, {"East Africa", "east africa"},
      {"North Africa", "north africa"}, {"Southern Africa", "southern africa"},
      {"Caribbean", "caribbean"}, {"Pacific", "pacific"}, {"Atlantic", "atlantic"},
      {"Mediterranean", "mediterranean"}, {"Scandinavia", "scandinavia"},
      {"Balkans", "balkans"}, {"Baltic", "baltic"}, {"North Sea", "north sea"},
      {"Antarctica", "antarctica"}, {"Asia-Pacific", "asia pacific"},
      {"Kurdistan", "kurdistan"}, {"Gaza", "gaza"}, {"West Bank", "west bank"},
      {"Siberia", "siberia"}, {"Texas", "texas"}, {"California", "california"},
      {"Florida", "florida"}, {"Alaska", "alaska"}, {"Louisiana", "louisiana"},
      {"Oklahoma", "oklahoma"}, {"Illinois", "illinois"}, {"Iowa", "iowa"},
      {"Kansas", "kansas"}, {"Nebraska", "nebraska"}, {"Ohio", "ohio"},
      {"Michigan", "michigan"}, {"Minnesota", "minnesota"}, {"Pennsylvania", "pennsylvania"},
      {"Massachusetts", "massachusetts"}, {"New Jersey", "new jersey"},
      {"Virginia", "virginia"}, {"Colorado", "colorado"}, {"Arizona", "arizona"},
      {"Wisconsin", "wisconsin"}, {"Missouri", "missouri"}, {"Kentucky", "kentucky"},
      {"North Dakota", "north dakota"}, {"South Dakota", "south dakota"},
      {"Montana", "montana"}, {"Wyoming", "wyoming"}, {"Idaho", "idaho"},
      {"Oregon", "oregon"}, {"Arkansas", "arkansas"}, {"Mississippi", "mississippi"},
      {"Alabama", "alabama"}, {"Tennessee", "tennessee"}, {"Indiana", "indiana"},
      {"Connecticut", "connecticut"}, {"Maryland", "maryland"}, {"Hawaii", "hawaii"},
      {"Alberta", "alberta"}, {"Ontario", "ontario"}, {"Quebec", "quebec"},
      {"British Columbia", "british columbia"}, {"Saskatchewan", "saskatchewan"},
      {"Manitoba", "manitoba"}, {"Scotland", "scotland"}, {"Wales", "wales"},
      {"England", "england"}, {"Northern Ireland", "northern ireland"},
      {"Bavaria", "bavaria"}, {"Tigris", "tigris"}, {"Green Zone", "green zone"}};
  return kList;
}

const std::vector<SurfaceAlias>& Cities() {
  static const std::vector<SurfaceAlias> kList{
      {"Baghdad", "baghdad"}, {"Basra", "basra"}, {"Tehran", "tehran"},
      {"Washington", "washington"}, {"New York", "new york"}, {"London", "london"},
      {"Tokyo", "tokyo"}, {"Paris", "paris"}, {"Bonn", "bonn"}, {"Frankfurt", "frankfurt"},
      {"Moscow", "moscow"}, {"Beijing", "beijing"}, {"Peking", "beijing"},
      {"Brussels", "brussels"}, {"Geneva", "geneva"}, {"Zurich", "zurich"},
      {"Zürich", "zurich"}, {"Sydney", "sydney"}, {"Chicago", "chicago"},
      {"Houston", "houston"}, {"Toronto", "toronto"}, {"Montreal", "montreal"},
      {"Ottawa", "ottawa"}, {"Vancouver", "vancouver"}, {"Los Angeles", "los angeles"},
      {"San Francisco", "san francisco"}, {"Boston", "boston"}, {"Dallas", "dallas"},
      {"Detroit", "detroit"}, {"Philadelphia", "philadelphia"}, {"Atlanta", "atlanta"},
      {"Miami", "miami"}, {"Denver", "denver"}, {"Seattle", "seattle"},
      {"Minneapolis", "minneapolis"}, {"St. Louis", "st louis"}, {"Kansas City", "kansas city"},
      {"New Orleans", "new orleans"}, {"Pittsburgh", "pittsburgh"}, {"Cleveland", "cleveland"},
      {"Milwaukee", "milwaukee"}, {"Amsterdam", "amsterdam"}, {"Rotterdam", "rotterdam"},
      {"The Hague", "the hague"}, {"Hamburg", "hamburg"}, {"Munich", "munich"},
      {"Duesseldorf", "dusseldorf"}, {"Düsseldorf", "dusseldorf"}, {"Cologne", "cologne"},
      {"Berlin", "berlin"}, {"Vienna", "vienna"}, {"Rome", "rome"}, {"Milan", "milan"},
      {"Madrid", "madrid"}, {"Barcelona", "barcelona"}, {"Lisbon", "lisbon"},
      {"Athens", "athens"}, {"Stockholm", "stockholm"}, {"Oslo", "oslo"},
      {"Copenhagen", "copenhagen"}, {"Helsinki", "helsinki"}, {"Dublin", "dublin"},
      {"Edinburgh", "edinburgh"}, {"Manchester", "manchester"}, {"Glasgow", "glasgow"},
      {"Warsaw", "warsaw"}, {"Prague", "prague"}, {"Budapest", "budapest"},
      {"Bucharest", "bucharest"}, {"Sofia", "sofia"}, {"Belgrade", "belgrade"},
      {"Istanbul", "istanbul"}, {"Ankara", "ankara"}, {"Cairo", "cairo"},
      {"Riyadh", "riyadh"}, {"Jeddah", "jeddah"}, {"Dubai", "dubai"},
      {"Abu Dhabi", "abu dhabi"}, {"Doha", "doha"}, {"Manama", "manama"},
      {"Muscat", "muscat"}, {"Beirut", "beirut"}, {"Damascus", "damascus"},
      {"Amman", "amman"}, {"Jerusalem", "jerusalem"}, {"Tel Aviv", "tel aviv"},
      {"Kabul", "kabul"}, {"Islamabad", "islamabad"}, {"Karachi", "karachi"},
      {"New Delhi", "new delhi"}, {"Delhi", "delhi"}, {"Bombay", "mumbai"},
      {"Mumbai", "mumbai"}, {"Calcutta", "kolkata"}, {"Kolkata", "kolkata"},
      {"Madras", "chennai"}, {"Chennai", "chennai"}, {"Colombo", "colombo"},
      {"Dhaka", "dhaka"}, {"Bangkok", "bangkok"}, {"Kuala Lumpur", "kuala lumpur"},
      {"Jakarta", "jakarta"}, {"Manila", "manila"}, {"Seoul", "seoul"},
      {"Taipei", "taipei"}, {"Shanghai", "shanghai"}, {"Guangzhou", "guangzhou"},
      {"Osaka", "osaka"}, {"Yokohama", "yokohama"}, {"Wellington", "wellington"},
      {"Auckland", "auckland"}, {"Melbourne", "melbourne"}, {"Perth", "perth"},
      {"Brisbane", "brisbane"}, {"Canberra", "canberra"}, {"Johannesburg", "johannesburg"},
      {"Pretoria", "pretoria"}, {"Cape Town", "cape town"}, {"Lagos", "lagos"},
      {"Nairobi", "nairobi"}, {"Abidjan", "abidjan"}, {"Accra", "accra"},
      {"Dakar", "dakar"}, {"Kinshasa", "kinshasa"}, {"Harare", "harare"},
      {"Lusaka", "lusaka"}, {"Addis Ababa", "addis ababa"}, {"Khartoum", "khartoum"},
      {"Algiers", "algiers"}, {"Tunis", "tunis"}, {"Tripoli", "tripoli"},
      {"Rabat", "rabat"}, {"Casablanca", "casablanca"}, {"Mexico City", "mexico city"},
      {"Buenos Aires", "buenos aires"}, {"Sao Paulo", "sao paulo"},
      {"São Paulo", "sao paulo"}, {"Rio de Janeiro", "rio de janeiro"},
      {"Brasilia", "brasilia"}, {"Santiago", "santiago"}, {"Lima", "lima"},
      {"Bogota", "bogota"}, {"Caracas", "caracas"}, {"Quito", "quito"},
      {"La Paz", "la paz"}, {"Montevideo", "montevideo"}, {"Havana", "havana"},
      {"Managua", "managua"}, {"Kiev", "kyiv"}, {"Kyiv", "kyiv"},
      {"Leningrad", "st petersburg"}, {"St. Petersburg", "st petersburg"},
      {"Saint Petersburg", "st petersburg"}, {"Minsk", "minsk"}, {"Antwerp", "antwerp"},
      {"Basle", "basel"}, {"Basel", "basel"}, {"Lausanne", "lausanne"},
      {"Strasbourg", "strasbourg"}, {"Lyon", "lyon"}, {"Marseille", "marseille"},
      {"Wall Street", "wall street"}, {"Rangoon", "yangon"}, {"Hanoi", "hanoi"},
      {"Saigon", "ho chi minh city"}, {"Ho Chi Minh City", "ho chi minh city"},
      {"Pyongyang", "pyongyang"}, {"Canton", "guangzhou"}, {"Rio", "rio de janeiro"}};
  return kList;
}

}  // namespace morgue

namespace morgue {

// The country of each city and sub-national region in the lists above: a
// mention of Chicago is also a mention of the United States.
const std::vector<CityCountry>& CityCountries() {
  static const std::vector<CityCountry> kList{
      {"united states",
       {"washington", "new york", "chicago", "houston", "los angeles", "san francisco", "boston",
        "dallas", "detroit", "philadelphia", "atlanta", "miami", "denver", "seattle",
        "minneapolis", "st louis", "kansas city", "new orleans", "pittsburgh", "cleveland",
        "milwaukee", "wall street", "texas", "california", "florida", "alaska", "louisiana",
        "oklahoma", "illinois", "iowa", "kansas", "nebraska", "ohio", "michigan", "minnesota",
        "pennsylvania", "massachusetts", "new jersey", "virginia", "colorado", "arizona",
        "wisconsin", "missouri", "kentucky", "north dakota", "south dakota", "montana",
        "wyoming", "idaho", "oregon", "arkansas", "mississippi", "alabama", "tennessee",
        "indiana", "connecticut", "maryland", "hawaii"}},
      {"canada", {"toronto", "montreal", "ottawa", "vancouver", "alberta", "ontario", "quebec",
                  "british columbia", "saskatchewan", "manitoba"}},
      {"united kingdom", {"london", "edinburgh", "manchester", "glasgow", "scotland", "wales",
                          "england", "northern ireland"}},
      {"japan", {"tokyo", "osaka", "yokohama"}},
      {"west germany", {"bonn", "frankfurt", "hamburg", "munich", "dusseldorf", "cologne",
                        "bavaria"}},
      {"germany", {"berlin"}},
      {"france", {"paris", "strasbourg", "lyon", "marseille"}},
      {"switzerland", {"geneva", "zurich", "basel", "lausanne"}},
      {"belgium", {"brussels", "antwerp"}},
      {"netherlands", {"amsterdam", "rotterdam", "the hague"}},
      {"italy", {"rome", "milan"}}, {"spain", {"madrid", "barcelona"}},
      {"portugal", {"lisbon"}}, {"greece", {"athens"}}, {"sweden", {"stockholm"}},
      {"norway", {"oslo"}}, {"denmark", {"copenhagen"}}, {"finland", {"helsinki"}},
      {"ireland", {"dublin"}}, {"austria", {"vienna"}}, {"poland", {"warsaw"}},
      {"czechoslovakia", {"prague"}}, {"hungary", {"budapest"}}, {"romania", {"bucharest"}},
      {"bulgaria", {"sofia"}}, {"yugoslavia", {"belgrade"}}, {"turkey", {"istanbul", "ankara"}},
      {"egypt", {"cairo"}}, {"saudi arabia", {"riyadh", "jeddah"}},
      {"united arab emirates", {"dubai", "abu dhabi"}}, {"qatar", {"doha"}},
      {"bahrain", {"manama"}}, {"oman", {"muscat"}}, {"lebanon", {"beirut"}},
      {"syria", {"damascus"}}, {"jordan", {"amman"}}, {"israel", {"jerusalem", "tel aviv"}},
      {"iraq", {"baghdad", "basra", "green zone", "tigris"}}, {"iran", {"tehran"}},
      {"afghanistan", {"kabul"}}, {"pakistan", {"islamabad", "karachi"}},
      {"india", {"new delhi", "delhi", "mumbai", "kolkata", "chennai"}},
      {"sri lanka", {"colombo"}}, {"bangladesh", {"dhaka"}}, {"thailand", {"bangkok"}},
      {"malaysia", {"kuala lumpur"}}, {"indonesia", {"jakarta"}}, {"philippines", {"manila"}},
      {"south korea", {"seoul"}}, {"north korea", {"pyongyang"}}, {"taiwan", {"taipei"}},
      {"china", {"beijing", "shanghai", "guangzhou"}}, {"new zealand", {"wellington", "auckland"}},
      {"australia", {"sydney", "melbourne", "perth", "brisbane", "canberra"}},
      {"south africa", {"johannesburg", "pretoria", "cape town"}}, {"nigeria", {"lagos"}},
      {"kenya", {"nairobi"}}, {"ivory coast", {"abidjan"}}, {"ghana", {"accra"}},
      {"senegal", {"dakar"}}, {"democratic republic of the congo", {"kinshasa"}},
      {"zimbabwe", {"harare"}}, {"zambia", {"lusaka"}}, {"ethiopia", {"addis ababa"}},
      {"sudan", {"khartoum"}}, {"algeria", {"algiers"}}, {"tunisia", {"tunis"}},
      {"libya", {"tripoli"}}, {"morocco", {"rabat", "casablanca"}},
      {"mexico", {"mexico city"}}, {"argentina", {"buenos aires"}},
      {"brazil", {"sao paulo", "rio de janeiro", "brasilia"}}, {"chile", {"santiago"}},
      {"peru", {"lima"}}, {"colombia", {"bogota"}}, {"venezuela", {"caracas"}},
      {"ecuador", {"quito"}}, {"bolivia", {"la paz"}}, {"uruguay", {"montevideo"}},
      {"cuba", {"havana"}}, {"nicaragua", {"managua"}},
      {"soviet union", {"moscow", "kyiv", "st petersburg", "minsk", "siberia"}},
      {"myanmar", {"yangon"}}, {"vietnam", {"hanoi", "ho chi minh city"}}};
  return kList;
}

}  // namespace morgue
