"""Afghanistan's 34 provinces and 401 districts with their OCHA P-codes (common operational
dataset of administrative boundaries, AGCHO numbering), their Dari names and the spellings
published and partner files use for them.

Canonical names are OCHA's (Hilmand, Hirat, Paktya, Sar-e-Pul, Daykundi, Uruzgan, Panjsher);
the variants are those found in FTS, HPC and IPC publications, the alternative names of the
common operational dataset and common transliterations. The districts follow the boundary
edition with 401 districts (Khulm AF2008 in Samangan, Chinarto AF2506 and Gizab AF2507 in
Uruzgan, Patoo AF2409 in Daykundi); the earlier edition's AF2110 (Khulm, then in Balkh) is
read as AF2008 (``SUPERSEDED``).
"""

from __future__ import annotations

# P-code, OCHA name, other spellings
PROVINCES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("AF01", "Kabul", ()),
    ("AF02", "Kapisa", ()),
    ("AF03", "Parwan", ("Parvan",)),
    ("AF04", "Wardak", ("Maidan Wardak", "Maydan Wardak", "Wardag")),
    ("AF05", "Logar", ()),
    ("AF06", "Nangarhar", ("Ningarhar", "Nangrahar")),
    ("AF07", "Laghman", ()),
    ("AF08", "Panjsher", ("Panjshir", "Panjsheer")),
    ("AF09", "Baghlan", ()),
    ("AF10", "Bamyan", ("Bamiyan", "Bamian")),
    ("AF11", "Ghazni", ()),
    ("AF12", "Paktika", ()),
    ("AF13", "Paktya", ("Paktia",)),
    ("AF14", "Khost", ("Khowst",)),
    ("AF15", "Kunar", ("Konar",)),
    ("AF16", "Nuristan", ("Nooristan",)),
    ("AF17", "Badakhshan", ()),
    ("AF18", "Takhar", ()),
    ("AF19", "Kunduz", ("Kundoz", "Konduz")),
    ("AF20", "Samangan", ()),
    ("AF21", "Balkh", ()),
    (
        "AF22",
        "Sar-e-Pul",
        ("Sari pul", "Sar-i-Pul", "Sar-e Pul", "Saripul", "Sar e Pul", "Sar-e Pol", "Saree Pol"),
    ),
    ("AF23", "Ghor", ("Ghowr",)),
    ("AF24", "Daykundi", ("Dai Kundi", "Daikundi", "Daykundy")),
    ("AF25", "Uruzgan", ("Urozgan", "Oruzgan", "Uruzghan")),
    ("AF26", "Zabul", ()),
    ("AF27", "Kandahar", ("Qandahar",)),
    ("AF28", "Jawzjan", ("Jowzjan",)),
    ("AF29", "Faryab", ()),
    ("AF30", "Hilmand", ("Helmand",)),
    ("AF31", "Badghis", ()),
    ("AF32", "Hirat", ("Herat",)),
    ("AF33", "Farah", ()),
    ("AF34", "Nimroz", ("Nimruz",)),
)

# Dari names of the provinces, as the common operational dataset writes them.
PROVINCES_FA: dict[str, str] = {
    "AF01": "کابل", "AF02": "کاپیسا", "AF03": "پروان", "AF04": "میدان وردک", "AF05": "لوگر",
    "AF06": "ننگرهار", "AF07": "لغمان", "AF08": "پنجشیر", "AF09": "بغلان", "AF10": "بامیان",
    "AF11": "غزنی", "AF12": "پکتیکا", "AF13": "پکتیا", "AF14": "خوست", "AF15": "کنر",
    "AF16": "نورستان", "AF17": "بدخشان", "AF18": "تخار", "AF19": "کندز", "AF20": "سمنگان",
    "AF21": "بلخ", "AF22": "سرپل", "AF23": "غور", "AF24": "دایکندی", "AF25": "ارزگان",
    "AF26": "زابل", "AF27": "کندهار", "AF28": "جوزجان", "AF29": "فاریاب", "AF30": "هلمند",
    "AF31": "بادغیس", "AF32": "هرات", "AF33": "فراه", "AF34": "نیمروز",
}  # fmt: skip

# Districts (Admin 2), one a line: P-code | OCHA name | Dari name | other spellings (";").
# Read by ``districts()`` when the gazetteer is first built, not at import.
DISTRICTS = """
AF0101|Kabul|کابل|
AF0102|Paghman|پغمان|
AF0103|Chahar Asyab|چهار آسیاب|Char Asyab;Chaharasyab;Char Asiab
AF0104|Bagrami|بگرامی|
AF0105|Deh Sabz|ده سبز|
AF0106|Shakar Dara|شکردره|
AF0107|Musahi|موسهی|Musayi
AF0108|Mir Bacha Kot|میر بچه کوت|
AF0109|Khak-e-Jabbar|خاک جبار|Khak Jabbar
AF0110|Kalakan|کلکان|
AF0111|Guldara|گلدره|
AF0112|Farza|فرزه|
AF0113|Estalef|استالف|Istalif
AF0114|Qara Bagh|قره باغ|
AF0115|Surobi|سروبی|Sarobi
AF0201|Mahmood-e-Raqi|محمود راقی|Mahmud-e-Raqi
AF0202|Hisa-e-Duwum-e-Kohistan|حصه دوم کوهستان|
AF0203|Koh Band|کوه بند|
AF0204|Hisa-e-Awal-e-Kohistan|حصه اول کوهستان|
AF0205|Nijrab|نجراب|
AF0206|Tagab|تگاب|
AF0207|Alasay|اله سای|
AF0301|Charikar|چاریکار|
AF0302|Bagram|بگرام|
AF0303|Shinwari|شینواری|
AF0304|Sayed Khel|سیدخیل|
AF0305|Jabal Saraj|جبل السراج|Jabalussaraj
AF0306|Salang|سالنگ|
AF0307|Ghorband|غوربند|Syah Gird
AF0308|Koh-e-Safi|کوه صافی|
AF0309|Surkh-e-Parsa|سرخ پارسا|
AF0310|Shekh Ali|شیخ علی|
AF0401|Maydan Shahr|میدان شهر|Maidan Shahr
AF0402|Nerkh|نرخ|
AF0403|Jalrez|جلریز|
AF0404|Chak-e-Wardak|چک|Chak
AF0405|Saydabad|سید آباد|
AF0406|Daymirdad|دایمیرداد|
AF0407|Hesa-e-Awal-e-Behsud|حصه اول بهسود|
AF0408|Jaghatu|جغتو|
AF0409|Markaz-e-Behsud|مدکز بهسود|
AF0501|Pul-e-Alam|پل علم|
AF0502|Baraki Barak|برکی برک|
AF0503|Charkh|چرخ|
AF0504|Khoshi|خوشی|
AF0505|Mohammad Agha|محمدآغه|
AF0506|Kharwar|خروار|
AF0507|Azra|ازره|
AF0601|Jalalabad|جلال آباد|
AF0602|Behsud|بهسود|
AF0603|Surkh Rod|سرخ رود|
AF0604|Chaparhar|چپر هار|
AF0605|Kama|کامه|
AF0606|Kuz Kunar|کوز کنر|Khewa
AF0607|Rodat|رودات|
AF0608|Khogyani|خوگیانی|Khogyani;Khugiani
AF0609|Bati Kot|بتی کوټ|
AF0610|Deh Bala|ده بالا|Haska Meyna
AF0611|Pachir Wa Agam|پچیراگام|
AF0612|Dara-e-Nur|دره نور|Dara-i-Nur
AF0613|Kot|کوټ|
AF0614|Goshta|گوشته|
AF0615|Achin|اچین|
AF0616|Shinwar|شینوار|Ghani Khail
AF0617|Muhmand Dara|مهمند دره|Momand Dara
AF0618|Lalpur|لعل پور|Lal Pur
AF0619|Sherzad|شیرزاد|
AF0620|Nazyan|نازیان|
AF0621|Hesarak|حصارک|
AF0622|Dur Baba|دُر بابا|
AF0701|Mehtarlam|مهتر لام|Laghman Centre
AF0702|Qarghayi|قرغه ئی|
AF0703|Alishang|علیشنگ|
AF0704|Alingar|علینگار|
AF0705|Dawlatshah|دولت شاه|
AF0801|Bazarak|بازارک|
AF0802|Rukha|رُخه|
AF0803|Dara|دره|
AF0804|Khenj|خنج (حصه اول)|Hisa-e-Awal
AF0805|Anawa|عنابه|Onaba;Anaba
AF0806|Shutul|شُتل|
AF0807|Paryan|پریان|
AF0901|Pul-e-Khumri|پلخمری|
AF0902|Dahana-e-Ghori|دهنۀ غوری|
AF0903|Doshi|دوشی|
AF0904|Nahrin|نهرین|
AF0905|Baghlan-e-Jadid|بغلان جدید|
AF0906|Khinjan|خنجان|
AF0907|Andarab|اندراب|Banu
AF0908|Deh Salah|ده صلاح|
AF0909|Khwaja Hejran|خواجه هجران|Jalga
AF0910|Burka|بورکه|
AF0911|Tala Wa Barfak|تاله وبرفک|
AF0912|Pul-e-Hisar|پل حصار|
AF0913|Khost Wa Fereng|خوست و فرنگ|Khost
AF0914|Guzargah-e-Nur|گذرگاه نور|
AF0915|Fereng Wa Gharu|فرنگ وغارو|Fereng
AF1001|Bamyan|بامیان|
AF1002|Shibar|شیبر|
AF1003|Sayghan|سیغان|
AF1004|Kahmard|کهمرد|
AF1005|Yakawlang|یکاولنگ|
AF1006|Panjab|پنجاب|
AF1007|Waras|ورث|
AF1101|Ghazni|غزنی|
AF1102|Wal-e-Muhammad-e-Shahid|ولی محمد شهید|Khugyani
AF1103|Khwaja Umari|خواجه عمری|
AF1104|Waghaz|واغظ|
AF1105|Deh Yak|ده یک|
AF1106|Jaghatu|جغتو|Bahrami Shahid
AF1107|Andar|اندړ|
AF1108|Zanakhan|زنه خان|
AF1109|Rashidan|رشیدان|
AF1110|Nawur|ناور|
AF1111|Qara Bagh|قره باغ|
AF1112|Giro|گیرو|
AF1113|Ab Band|آب بند|
AF1114|Jaghuri|جاغوری|
AF1115|Muqur|مقر|
AF1116|Malistan|مالستان|
AF1117|Gelan|گیلان|
AF1118|Ajristan|اجرستان|
AF1119|Nawa|ناوه|
AF1201|Sharan|شرن|
AF1202|Mata Khan|متاخان|
AF1203|Yosuf Khel|یوسف خیل|
AF1204|Yahya Khel|یحی خیل|
AF1205|Sar Rawzah|سرروضه (سرحوضه)|Sar Hawzah
AF1206|Omna|اومنه|
AF1207|Zarghun Shahr|زرغون شهر|
AF1208|Gomal|گومل|
AF1209|Jani Khel|جانی خیل|
AF1210|Surobi|سروبی|
AF1211|Urgun|ارگون|
AF1212|Ziruk|زیړوک|
AF1213|Nika|نیکه|Neka
AF1214|Barmal|برمل|
AF1215|Giyan|گیان|
AF1216|Dila|دیله|Dila Wa Khusamand
AF1217|Wazakhah|وازه خواه|
AF1218|Wormamay|وړ ممی|
AF1219|Turwo|تروو|Tarwe
AF1301|Gardez|گردیز|
AF1302|Ahmadaba|احمد آبا|Ahmad Abad
AF1303|Zurmat|زُرمت|
AF1304|Shawak|شواک|
AF1305|Zadran|حّدران|Wuza Zadran
AF1306|Sayed Karam|سیدکرم|
AF1307|Jaji|علی خیل|Alikhel
AF1308|Lija Ahmad Khel|لجه احمد خیل|
AF1309|Jani Khel|جانی خیل|Mangal
AF1310|Chamkani|څمکنی|Samkani
AF1311|Dand Wa Patan|دند وپټان|
AF1401|Matun|خوست (متون)|Khost
AF1402|Mandozayi|مندوزائی|Ishmail Khail
AF1403|Gurbuz|گربز|
AF1404|Tani|تنی|Dargai
AF1405|Musa Khel|موسی خیل|
AF1406|Nadir Shah Kot|نادرشاه کوت|
AF1407|Sabari|صبری|Yaqubi
AF1408|Terezayi|تری زائی|Ali Sher
AF1409|Bak|باک|
AF1410|Qalandar|قلندر|
AF1411|Spera|سپیره|
AF1412|Shamal|شمل|Dowa Mandi
AF1413|Jaji Maydan|جاجی میدان|
AF1501|Asad Abad|اسد آباد|Asadabad
AF1502|Marawara|مروره|
AF1503|Watapur|وته پور|
AF1504|Narang|نرنگ|
AF1505|Sar Kani|سرکانی|
AF1506|Shigal|شیگل وشلتن|
AF1507|Dara-e-Pech|دره پیچ|Pech
AF1508|Bar Kunar|برکنر|
AF1509|Chawkay|چوکی|Sawkai
AF1510|Khas Kunar|خاص کنر|
AF1511|Ghazi Abad|غازی آباد|
AF1512|Dangam|دانگام|
AF1513|Chapa Dara|چپه دره|
AF1514|Nurgal|نورگل|
AF1515|Nari|ناړی|
AF1601|Parun|پرونس|
AF1602|Waygal|وایگل|
AF1603|Wama|واما|
AF1604|Nurgaram|نورگرام|
AF1605|Duab|دو آب|
AF1606|Kamdesh|کامدیش|
AF1607|Mandol|مندول|
AF1608|Barg-e-Matal|برگ متال|
AF1701|Fayzabad|فیض آباد|Faizabad
AF1702|Argo|ارگو|
AF1703|Arghanj Khwah|ارغنچخواه|
AF1704|Yaftal-e-Sufla|یفتل سفلی|
AF1705|Khash|خاش|
AF1706|Baharak|بهارک|
AF1707|Darayem|درایم|Darayim
AF1708|Kohistan|کوهستان|
AF1709|Yawan|یاوان|
AF1710|Jorm|جرم|Jurm
AF1711|Teshkan|تشکان|
AF1712|Shuhada|شهدا|
AF1713|Shahr-e-Buzorg|شهر بزرگ|
AF1714|Raghestan|راغستان|
AF1715|Keshem|کشم|Kishim
AF1716|Warduj|وردوج|
AF1717|Tagab|تگاب|Kishmi Bala
AF1718|Yamgan|یمگان|Girwan
AF1719|Shighnan|شغنان|
AF1720|Khwahan|خواهان|
AF1721|Kofab|کوف آب|
AF1722|Dawraz-e-Payin|درواز پائین (ما می )|Darwaz-e-Payin;Darwaz;Mai Mai
AF1723|Eshkashem|اشکاشم|Ishkashim
AF1724|Shaki|شکی|
AF1725|Zebak|زیباک|
AF1726|Koran Wa Monjan|کران ومنجان|
AF1727|Dawraz-e-Bala|دروازبالا ( نیسی)|Darwaz-e-Balla;Darwaz-e-Bala;Nusai
AF1728|Wakhan|واخان|
AF1801|Taloqan|تالقان|Taluqan
AF1802|Hazar Sumuch|هزار سموچ|
AF1803|Baharak|بهارک|
AF1804|Bangi|بنگی|
AF1805|Chal|چال|
AF1806|Namak Ab|نمک آب|
AF1807|Kalafgan|کلفگان|
AF1808|Farkhar|فرخار|
AF1809|Khwaja Ghar|خواجه غار|
AF1810|Rostaq|رُستاق|Rustaq
AF1811|Eshkmesh|اشکمش|Ishkamish
AF1812|Dasht-e-Qala|دشت قلعه|
AF1813|Warsaj|ورسج|
AF1814|Khwaja Bahawuddin|خواجه بهاوالدین|
AF1815|Darqad|درقد|
AF1816|Chahab|چاه آب|Chah-e-Ab
AF1817|Yangi Qala|ینگی قلعه|
AF1901|Kunduz|کندز|
AF1902|Chahar Darah|چهار دره|Chardara
AF1903|Ali Abad|علی آباد|
AF1904|Khan Abad|خان آباد|
AF1905|Imam Sahib|امام صاحب|Hazrati Imam Sahib
AF1906|Dasht-e-Archi|دشت ارچی|
AF1907|Qala-e-Zal|قلعه ذال|Qalai Zal
AF2001|Aybak|ایبک|
AF2002|Hazrat-e-Sultan|حضرت سلطان|
AF2003|Khuram Wa Sarbagh|خرم وسارباغ|
AF2004|Feroz Nakhchir|فیروز نخچیر|
AF2005|Ruy-e-Duab|روی دو آب|
AF2006|Dara-e-Suf-e-Payin|درۀ صوف پائین|
AF2007|Dara-e-Suf-e-Bala|درۀ صوف بالا|
AF2008|Khulm|خلم|
AF2101|Mazar-e-Sharif|مزار شریف|Mazar
AF2102|Nahr-e-Shahi|نهر شاهی|
AF2103|Dehdadi|دهدادی|
AF2104|Charkent|چار کنت|
AF2105|Marmul|مارمُل|
AF2106|Balkh|بلخ|
AF2107|Sholgareh|شولگره|
AF2108|Chemtal|چمتال|
AF2109|Dawlat Abad|دولت آباد|Dawlatabad
AF2111|Char Bolak|چار بولک|
AF2112|Shortepa|شور تیپه|
AF2113|Kaldar|کلدار|
AF2114|Keshendeh|کشنده|
AF2115|Zari|زاری|
AF2116|Sharak-e-Hayratan|شهرک حیرتان|Hairatan
AF2201|Sar-e-Pul|سرپل|
AF2202|Sayad|صیاد|
AF2203|Kohestanat|کوهستانات|Kohistanat
AF2204|Sozmaqala|سوزمه قلعه|Sozma Qala
AF2205|Sancharak|سانچارك|Sangchark;Sang Charak
AF2206|Gosfandi|گوسفندی|
AF2207|Balkhab|بلخاب|
AF2301|Feroz Koh|فیروزکوه|Chaghcharan;Chagcharan
AF2302|DoLayna|دو لینه|Du Layna
AF2303|Dawlatyar|دولت یار|
AF2304|Charsadra|چار صد ره|
AF2305|Pasaband|پسابند|
AF2306|Shahrak|شهرک|
AF2307|Lal Wa Sarjangal|لعل و سرجنگل|
AF2308|Taywarah|تیوره|
AF2309|Tolak|تولک|
AF2310|Saghar|ساغر|
AF2401|Nili|نیلی|
AF2402|Shahrestan|شهرستان|
AF2403|Ashtarlay|اشترلی|Ishterlai
AF2404|Khadir|خدیر|
AF2405|Kiti|کیتی|
AF2406|Miramor|میرامور|
AF2407|Sang-e-Takht|سنگ تخت|
AF2408|Kajran|کجران|
AF2409|Patoo|پاتو|
AF2501|Tirinkot|تیرینکوت|Tarinkot
AF2502|Dehrawud|دهراود|Deh Rawud
AF2503|Chora|چوره|
AF2504|Shahid-e-Hassas|شهید حساس|Charchino
AF2505|Khas Uruzgan|خاص ارزگان|
AF2506|Chinarto|چنارتو|
AF2507|Gizab|گیزاب|
AF2601|Qalat|قلات|
AF2602|Tarnak Wa Jaldak|ترنک و جلدک|Shahr-e-Safa
AF2603|Shinkay|شینکی|
AF2604|Mizan|میزان|
AF2605|Arghandab|ارغنداب|
AF2606|Shah Joi|شاه جوی|
AF2607|Daychopan|دای چوپان|
AF2608|Atghar|اتغر|
AF2609|Nawbahar|نوبهار|
AF2610|Shamul Zayi|شملزائی|
AF2611|Kakar|کاکړ|Khak-e-Afghan
AF2701|Kandahar|کندهار|
AF2702|Arghandab|ارغنداب|
AF2703|Daman|دامان|
AF2704|Panjwayi|پنجوائی|Panjwai
AF2705|Zheray|ژړۍ|
AF2706|Shah Wali Kot|شاه ولی کوت|
AF2707|Khakrez|خاکریز|
AF2708|Arghestan|ارغستان|Arghistan
AF2709|Ghorak|غورک|
AF2710|Maywand|میوند|
AF2711|Spin Boldak|سپین بولدک|
AF2712|Nesh|نیش|
AF2713|Miyanshin|میانشین|
AF2714|Shorabak|شور آبک|
AF2715|Maruf|معروف|
AF2716|Reg|ریگ ( شگه )|Shiga
AF2801|Shiberghan|شبرغان|Sheberghan
AF2802|Khwaja Dukoh|خواجه دوکوه|Khwaja Du Koh
AF2803|Khanaqa|خانقا|
AF2804|Mingajik|منگجک|Farary
AF2805|Qush Tepa|قوش تیپه|
AF2806|Khamyab|خمیاب|Kham Ab
AF2807|Aqcha|آقچه|
AF2808|Fayzabad|فیض آباد|Faizabad
AF2809|Mardyan|مردیان|
AF2810|Qarqin|قرقین|
AF2811|Darzab|درز آب|
AF2901|Maymana|میمنه|
AF2902|Pashtun Kot|پشتون کوټ|
AF2903|Khwaja Sabz Posh|خواجه سبزپوش|Khwaja Sabz Posh-i-Wali
AF2904|Almar|المار|
AF2905|Bilcheragh|بلچراغ|
AF2906|Shirin Tagab|شیرین تگاب|
AF2907|Qaysar|قیصار|
AF2908|Garzewan|گرزیوان|
AF2909|Dawlat Abad|دولت آباد|Dawlatabad
AF2910|Kohistan|کوهستان|
AF2911|Qaram Qul|قرم قل|
AF2912|Qurghan|قرغان|
AF2913|Andkhoy|اندخوی|
AF2914|Khan-e-Char Bagh|خان چارباغ|
AF3001|Lashkargah|لشکرگاه|Lashkar Gah
AF3002|Nad-e-Ali|نادعلی|Nad Ali
AF3003|Nawa-e-Barakzaiy|ناوه بارکزائی|Nawa-e-Barakzayi
AF3004|Nahr-e-Saraj|نهر سراج|Grishk;Gereshk
AF3005|Washer|واشیر|
AF3006|Garmser|گرم سیر|Garmsir
AF3007|Nawzad|نوزاد|Now Zad
AF3008|Sangin|سنگین|
AF3009|Musa Qala|موسی قلعه|
AF3010|Kajaki|کجکی|
AF3011|Reg-i-Khan Nishin|ریگ خان نشین|Reg;Khanashin
AF3012|Baghran|باغران|
AF3013|Deh-e-Shu|دیشو|Dishu
AF3101|Qala-e-Naw|قلعه نو|
AF3102|Ab Kamari|آب کمری|
AF3103|Muqur|مقر|
AF3104|Qadis|قادیس|
AF3105|Bala Murghab|بالا مرغاب|
AF3106|Jawand|جوند|
AF3107|Ghormach|غورماچ|
AF3201|Hirat|هرات|Herat
AF3202|Injil|انجیل|
AF3203|Guzara|گذره|Nizam-i-Shahid
AF3204|Karukh|کرُخ|
AF3205|Zindajan|زنده جان|Zinda Jan
AF3206|Pashtun Zarghun|پشتون زرغون|
AF3207|Kushk|کُشک|Rubat-i-Sangi
AF3208|Gulran|گلران|
AF3209|Adraskan|ادرسکن|
AF3210|Kushk-e-Kuhna|کُشک کهنه|
AF3211|Ghoryan|غوریان|Ghorian
AF3212|Obe|اوبی|Obi
AF3213|Kohsan|کوهسان|
AF3214|Shindand|شیندند|
AF3215|Farsi|فرسی|
AF3216|Chisht-e-Sharif|چشت شریف|Chishti Sharif
AF3301|Farah|فراه|
AF3302|Pushtrod|پشترود|
AF3303|Khak-e-Safed|خاک سفید|
AF3304|Qala-e-Kah|قلعه کاه|
AF3305|Shibkoh|شیب کوه|
AF3306|Bala Buluk|بالا بلوک|
AF3307|Anar Dara|انار دره|
AF3308|Bakwa|بکواه|
AF3309|Lash-e-Juwayn|لاش جوین|
AF3310|Gulistan|گلستان|
AF3311|Pur Chaman|پُرچمن|
AF3401|Zaranj|زرنج|
AF3402|Kang|کنگ|
AF3403|Chakhansur|چخانسور|Asl-i-Chakhansur
AF3404|Char Burjak|چاربرجک|
AF3405|Khashrod|خاش رود|
"""

# Codes of the earlier boundary edition: old P-code -> (name, the code it is now).
SUPERSEDED: dict[str, tuple[str, str]] = {"AF2110": ("Khulm", "AF2008")}


def districts() -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(P-code, name, Dari name, other spellings) of every district."""
    rows = []
    for line in DISTRICTS.strip().splitlines():
        code, name, name_fa, spellings = line.split("|")
        rows.append((code, name, name_fa, tuple(s for s in spellings.split(";") if s)))
    return rows


COUNTRY = ("AFG", "Afghanistan")
