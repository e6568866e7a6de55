"""The raw material of Afghan personal names: tokens in Perso-Arabic script with the Latin
romanisations that registration lists really use, and the ways tokens combine into given names.

Each entry is ``perso-arabic|Latin1,Latin2,…``; the first romanisation is the commonest. The
pools are not frequency lists from a census (none is public); they are weighted by hand so that a
few names (Mohammad, Abdul…, …ullah, Gul, Fatima, Bibi) dominate, as they do on real lists.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Token:
    fa: str
    latin: tuple[str, ...]


def _tokens(spec: str) -> dict[str, Token]:
    out: dict[str, Token] = {}
    for line in spec.strip().splitlines():
        fa, latin = line.strip().split("|")
        forms = tuple(latin.split(","))
        out[forms[0]] = Token(fa, forms)
    return out


# Stand-alone male names and the second halves of "Mohammad X", "Ghulam X", "Noor X"…
MALE = _tokens("""
    محمد|Mohammad,Muhammad,Mohammed,Mohamad
    احمد|Ahmad,Ahmed,Ahmad,Ahmed
    محمود|Mahmood,Mahmud,Mahmoud,Mahmood
    نبی|Nabi,Nabi,Nabee,Nabi
    یوسف|Yousuf,Yusuf,Yousef,Yosuf
    اسحاق|Ishaq,Eshaq,Is'haq,Ishaq
    عمر|Omar,Umar,Omer,Omar
    اکبر|Akbar,Akbar,Akber,Akbar
    هاشم|Hashim,Hashem,Hashim,Hashem
    اسلم|Aslam,Aslam,Aslam,Aslem
    قاسم|Qasim,Qasem,Kasim,Qaseem
    رفیق|Rafiq,Rafeeq,Rafiq,Rafik
    داود|Dawood,Daud,Dawud,Daoud
    ابراهیم|Ibrahim,Ebrahim,Ibraheem,Ibrahim
    اسماعیل|Ismail,Esmail,Ismael,Esmayil
    نعیم|Naeem,Naim,Naeem,Nayeem
    طاهر|Tahir,Taher,Tahir,Taheer
    ظاهر|Zahir,Zaher,Zahir,Zaheer
    نصیر|Nasir,Naseer,Naser,Nasir
    بشیر|Bashir,Basheer,Bashir,Bashir
    رسول|Rasool,Rasul,Rasool,Rasol
    حیدر|Haidar,Haider,Hyder,Haidar
    علی|Ali,Ali,Aly,Ali
    حسن|Hassan,Hasan,Hassan,Hasan
    حسین|Hussain,Hussein,Husain,Hossein
    سخی|Sakhi,Sakhi,Sakhee,Sakhi
    سرور|Sarwar,Sarwar,Sarwer,Sarwar
    قربان|Qurban,Qorban,Kurban,Qurban
    جمعه|Juma,Jumma,Juma,Jumah
    عثمان|Usman,Osman,Othman,Usman
    ادریس|Idrees,Idris,Edris,Idrees
    یونس|Younus,Yunus,Yunos,Younas
    نجیب|Najib,Najeeb,Najib,Najib
    فرید|Farid,Fareed,Farid,Fared
    خالد|Khalid,Khaled,Khalid,Khaled
    جاوید|Jawid,Javed,Javid,Jawed
    زلمی|Zalmai,Zalmay,Zalmai,Zalmy
    میرویس|Mirwais,Mirwais,Mirways,Mir Wais
    اجمل|Ajmal,Ajmal,Ajmel,Ajmal
    جمال|Jamal,Jamaal,Jamal,Jamal
    کمال|Kamal,Kamaal,Kamal,Kamal
    وحید|Wahid,Waheed,Vahid,Wahid
    شریف|Sharif,Shareef,Sharif,Sharif
    عزیز|Aziz,Azeez,Aziz,Aziz
    نسیم|Nasim,Naseem,Nasim,Nasim
    حمید|Hamid,Hameed,Hamid,Hamed
    رشید|Rashid,Rasheed,Rashed,Rashid
    کریم|Karim,Kareem,Karim,Karim
    جان|Jan,Jan,Jaan,Jan
    گل|Gul,Gul,Gol,Gul
    خان|Khan,Khan,Khan,Khan
    آغا|Agha,Aqa,Agha,Aga
    شاه|Shah,Shah,Shaah,Shah
    شیر|Sher,Shir,Sher,Sheer
    نور|Noor,Nur,Noor,Nour
    غلام|Ghulam,Gholam,Ghulam,Golam
    دین|Din,Deen,Din,Din
""")

# Second halves of "Abdul X" (the divine names); the article assimilates before sun letters.
ABDUL = _tokens("""
    رحمن|Rahman,Rahman,Rehman,Rahmaan
    رحیم|Rahim,Raheem,Rahim,Rahim
    کریم|Karim,Kareem,Karim,Karim
    غنی|Ghani,Ghani,Ghanee,Ghani
    حمید|Hamid,Hameed,Hamid,Hamed
    واحد|Wahid,Wahed,Wahid,Vahid
    قادر|Qadir,Qader,Kadir,Qadeer
    باسط|Basit,Baset,Basit,Basit
    لطیف|Latif,Lateef,Latif,Latif
    جلیل|Jalil,Jaleel,Jalil,Jalil
    حکیم|Hakim,Hakeem,Hakim,Hakim
    مالک|Malik,Malek,Malik,Malik
    صمد|Samad,Samad,Samed,Samad
    رشید|Rashid,Rasheed,Rashed,Rashid
    ستار|Sattar,Satar,Sattar,Sattaar
    غفار|Ghafar,Ghaffar,Ghafaar,Ghafar
    مجید|Majid,Majeed,Majid,Majed
    عزیز|Aziz,Azeez,Aziz,Aziz
    باقی|Baqi,Baqi,Baqee,Baki
    هادی|Hadi,Hadi,Hadee,Hadi
    رزاق|Razaq,Razzaq,Razak,Razaq
    قیوم|Qayum,Qayyum,Qayoom,Kayum
    حق|Haq,Haq,Haq,Haque
    سلام|Salam,Salam,Salaam,Salam
    ولی|Wali,Wali,Walee,Wali
""")

# Stems of "X-ullah" names (Hekmatullah, Zabihullah…).
ULLAH = _tokens("""
    حکمت|Hekmat,Hikmat,Hekmat,Hikmat
    رحمت|Rahmat,Rahmat,Rehmat,Rahmat
    نعمت|Nemat,Naimat,Nemat,Nimat
    سمیع|Sami,Sami,Samee,Samih
    ذبیح|Zabih,Zabi,Zabih,Zabeeh
    حبیب|Habib,Habib,Habeeb,Habib
    احسان|Ehsan,Ihsan,Ehsan,Ahsan
    اسد|Asad,Asad,Asad,Asad
    سیف|Saif,Saif,Saif,Sayf
    امان|Aman,Aman,Amaan,Aman
    حیات|Hayat,Hayat,Hayaat,Hayat
    عزت|Ezat,Izzat,Ezzat,Ezat
    نجیب|Najib,Najib,Najeeb,Najib
    عبید|Obaid,Ubaid,Obaid,Ubayd
    عتیق|Atiq,Ateeq,Atiq,Atiq
    نور|Noor,Nur,Noor,Nour
    رفیع|Rafi,Rafi,Rafee,Rafi
    شفیع|Shafi,Shafi,Shafee,Shafi
    ولی|Wali,Wali,Wali,Walli
    ضیا|Zia,Zia,Ziya,Zia
    صبغت|Sibghat,Sebghat,Sibghat,Sebghat
    فضل|Fazl,Fazl,Fazal,Fazl
    خیر|Khair,Khair,Khayr,Khair
    عنایت|Inayat,Enayat,Inayat,Inayat
    کلیم|Kalim,Kaleem,Kalim,Kalim
    ثنا|Sana,Sana,Sanaa,Sana
""")

FEMALE = _tokens("""
    فاطمه|Fatima,Fatema,Fatimah,Fatma
    زینب|Zainab,Zaynab,Zainab,Zeinab
    مریم|Maryam,Mariam,Maryam,Mariyam
    خدیجه|Khadija,Khadijah,Khadija,Khadeja
    عایشه|Aisha,Ayesha,Aysha,Aisha
    رویا|Roya,Roya,Roya,Rooya
    شبنم|Shabnam,Shabnam,Shabnum,Shabnam
    نازیه|Nazia,Naziya,Nazia,Nazia
    پروانه|Parwana,Parwana,Parvana,Parwana
    گلالی|Gulalai,Gulalai,Gulaly,Golalai
    ملالی|Malalai,Malalai,Malaly,Malalai
    زرغونه|Zarghuna,Zarghona,Zarghuna,Zarghoona
    نرگس|Nargis,Narges,Nargis,Nargis
    فرشته|Freshta,Fereshta,Farishta,Freshta
    نسیمه|Nasima,Naseema,Nasima,Nasimeh
    لیلا|Laila,Leila,Laila,Layla
    هادیه|Hadia,Hadiya,Hadia,Hadia
    شکریه|Shukria,Shukriya,Shukria,Shukria
    بی بی گل|Bibi Gul,Bibigul,Bibi Gul,Bibi Gol
    گل بی بی|Gul Bibi,Gulbibi,Gul Bibi,Gol Bibi
    زرمینه|Zarmina,Zarmeena,Zarmina,Zarmina
    مرضیه|Marzia,Marziya,Marzieh,Marzia
    معصومه|Masooma,Masuma,Masoomah,Masooma
    سکینه|Sakina,Sakeena,Sakineh,Sakina
    رحیمه|Rahima,Raheema,Rahima,Rahima
    حمیده|Hamida,Hameeda,Hamida,Hamida
    نادیه|Nadia,Nadiya,Nadia,Nadia
    فرزانه|Farzana,Farzaneh,Farzana,Farzana
    لطیفه|Latifa,Lateefa,Latifa,Latifa
    ستوری|Storai,Storay,Stori,Storai
    پلوشه|Palwasha,Palwasha,Palwashah,Palwasha
    هما|Huma,Homa,Huma,Huma
    وحیده|Wahida,Waheeda,Wahida,Vahida
    شریفه|Sharifa,Shareefa,Sharifa,Sharifa
    ثریا|Suraya,Soraya,Suraiya,Suraya
    زهرا|Zahra,Zohra,Zahra,Zahraa
    گلثوم|Kulsoom,Kulsum,Gulsum,Kulsoom
    بی بی|Bibi,Bibi,Bebe,Bibi
""")

FAMILY = _tokens("""
    احمدزی|Ahmadzai,Ahmadzai,Ahmadzay,Ahmedzai
    پوپلزی|Popalzai,Popalzai,Popalzay,Popalzai
    بارکزی|Barakzai,Barakzai,Barakzay,Barekzai
    اچکزی|Achakzai,Achakzai,Achekzai,Achakzay
    نورزی|Noorzai,Nurzai,Noorzay,Noorzai
    علیزی|Alizai,Alizai,Alizay,Alizai
    ستانکزی|Stanikzai,Stanekzai,Stanikzai,Stanakzai
    وردک|Wardak,Wardak,Wardag,Wardak
    صافی|Safi,Safi,Safee,Safi
    شینواری|Shinwari,Shinwari,Shinwary,Shinwari
    مومند|Mohmand,Momand,Mohmand,Mohmand
    زدران|Zadran,Zadran,Zardan,Zadran
    منگل|Mangal,Mangal,Mangal,Mangel
    کاکړ|Kakar,Kakar,Kakker,Kakar
    توخی|Tokhi,Tokhi,Tokhy,Tokhi
    هوتک|Hotak,Hotak,Hotaki,Hotak
    سادات|Sadat,Sadaat,Sadat,Sadat
    هاشمی|Hashimi,Hashemi,Hashimi,Hashimy
    رحیمی|Rahimi,Rahimi,Raheemi,Rahimi
    کریمی|Karimi,Karimi,Kareemi,Karimi
    حسینی|Hussaini,Hosseini,Husaini,Hussaini
    محمدی|Mohammadi,Muhammadi,Mohammadi,Mohamadi
    امیری|Amiri,Amiri,Ameeri,Amiri
    رضایی|Rezai,Rezaee,Rezayi,Rezai
    جعفری|Jafari,Jafari,Jaafari,Jafary
    حیدری|Haidari,Haideri,Haidary,Heydari
    سلطانی|Sultani,Soltani,Sultani,Sultany
    نوری|Noori,Nuri,Noori,Nouri
    عزیزی|Azizi,Azizi,Azeezi,Azizi
    نیازی|Niazi,Niazi,Niyazi,Niazi
    درانی|Durrani,Durani,Durrani,Durrany
    سمادی|Samadi,Samadi,Samady,Samadi
""")

# Honorific and religious titles that precede a name on registration lists.
TITLES = _tokens("""
    حاجی|Haji,Hajji,Alhaj,Haji
    ملا|Mullah,Mulla,Mollah,Mullah
    مولوی|Maulavi,Mawlawi,Moulvi,Mawlavi
    قاری|Qari,Qari,Kari,Qaree
    سید|Sayed,Sayyid,Syed,Said
    حافظ|Hafiz,Hafez,Hafiz,Hafiz
    صوفی|Sufi,Sofi,Sufi,Soofi
""")
