"""Towns of Grand Est a visitor may type, with their département: the préfectures,
sous-préfectures and larger towns. Used to suggest a département's signatories when a town has
none of its own."""

from organisms.search import fold

TOWNS = {
    "08": "Charleville-Mézières, Sedan, Rethel, Vouziers, Givet, Revin, Nouzonville, Bogny-sur-Meuse",
    "10": "Troyes, Bar-sur-Aube, Nogent-sur-Seine, Romilly-sur-Seine, La Chapelle-Saint-Luc, Saint-André-les-Vergers, Sainte-Savine, Bar-sur-Seine",
    "51": "Châlons-en-Champagne, Reims, Épernay, Vitry-le-François, Sainte-Menehould, Tinqueux, Sézanne, Fismes, Mourmelon-le-Grand",
    "52": "Chaumont, Langres, Saint-Dizier, Joinville, Bourbonne-les-Bains, Wassy, Nogent",
    "54": "Nancy, Briey, Lunéville, Toul, Vandœuvre-lès-Nancy, Pont-à-Mousson, Longwy, Villers-lès-Nancy, Laxou, Jarny, Val de Briey",
    "55": "Bar-le-Duc, Commercy, Verdun, Saint-Mihiel, Ligny-en-Barrois, Stenay",
    "57": "Metz, Forbach, Sarrebourg, Sarreguemines, Thionville, Boulay-Moselle, Château-Salins, Montigny-lès-Metz, Yutz, Hayange, Saint-Avold, Creutzwald, Freyming-Merlebach, Woippy, Bitche",
    "67": "Strasbourg, Haguenau, Molsheim, Saverne, Sélestat, Erstein, Illkirch-Graffenstaden, Schiltigheim, Lingolsheim, Bischheim, Obernai, Wissembourg, Bischwiller",
    "68": "Colmar, Altkirch, Guebwiller, Mulhouse, Ribeauvillé, Thann, Saint-Louis, Rixheim, Wittenheim, Illzach, Kingersheim, Riedisheim, Cernay",
    "88": "Épinal, Neufchâteau, Saint-Dié-des-Vosges, Remiremont, Gérardmer, Rambervillers, Mirecourt, Vittel, Thaon-les-Vosges, Golbey, Raon-l'Étape",
}

# folded town name → département code; a name is also found by its first part ("Saint-Dié")
DEPARTEMENT_OF_TOWN = {
    fold(town).replace(" ", "-"): code
    for code, towns in TOWNS.items()
    for town in towns.split(", ")
}


def departement_of(query: str) -> str | None:
    """The département of the town or postcode typed, when the portal knows it."""
    words = query.split()
    if len(words) == 1 and words[0].isdigit() and len(words[0]) in (2, 5):
        code = words[0][:2]
        return code if code in TOWNS else None
    folded = fold(query.strip()).replace(" ", "-")
    return DEPARTEMENT_OF_TOWN.get(folded) or next(
        (code for town, code in DEPARTEMENT_OF_TOWN.items() if folded and town.startswith(folded)),
        None,
    )
