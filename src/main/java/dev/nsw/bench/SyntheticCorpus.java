package dev.nsw.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded generator of English or Chinese documents with queries and gold pairs, for scale runs where the
 * real sets (≤ 27k texts here) are too small: any size, reproducible, recall measurable.
 *
 * <p>What makes it realistic enough to benchmark with:
 * <ul>
 *   <li><b>Topics.</b> Each document belongs to one of a dozen domains (medicine, climate, computing,
 *       finance, ...; Zipf-distributed, so some topics are crowded) and draws its nouns, verbs and
 *       modifiers from that domain, plus shared function words and generic nouns: neighbours cluster by
 *       topic, as real embeddings do, and BM25 posting lists are long for common words and short for rare.</li>
 *   <li><b>Entities.</b> Every document names an entity made of syllables (a drug, a place, a product:
 *       {@code "Doralimab"}, {@code "卡维林"}), Zipf-chosen from a pool that grows with the corpus, so rare
 *       terms exist and some entities recur across documents (hard negatives).</li>
 *   <li><b>Lengths.</b> 2–6 sentences of 8–20 tokens (en) or 15–40 characters (zh): short abstracts, so
 *       tokenised lengths vary the way a real corpus's do and length batching matters.</li>
 *   <li><b>Queries that are not copies.</b> A query restates one sentence of its gold document as a question
 *       in another template, with most content words that have a synonym replaced by it, the context phrase
 *       dropped half of the time and the entity one time in three, so
 *       lexical overlap is partial (BM25 is good but not perfect) and a dense model has something to do.</li>
 * </ul>
 * What it is not: grammatical beyond a few templates, meaningful (sentences are plausible word salad within a
 * topic), or hard the way real paraphrase is (synonyms come from a fixed table). Recall is a lower bound:
 * another document can happen to state the same thing. Use it for throughput, memory and ANN-vs-exact
 * figures; judge model quality on the real sets.
 *
 * <p>Document {@code i} depends only on (seed, language, corpus size, i), so a corpus of any size is generated
 * in one pass without holding it, and a query regenerates its gold document's sentence.
 */
public final class SyntheticCorpus {

    /** en or zh. */
    public enum Language {
        EN,
        ZH;

        /** {@code en} or {@code zh} (case-insensitive). */
        public static Language parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "en" -> EN;
                case "zh" -> ZH;
                default -> throw new IllegalArgumentException("--lang must be en or zh, got '" + s + "'");
            };
        }
    }

    /** A query and the index of its gold document. */
    public record GoldQuery(String query, int document) {}

    private final Language lang;
    private final long seed;
    private final int entityPool;
    private final Vocabulary v;
    private static final long HEADER = 0x5eed_d0c5L;
    private static final long QUERY = 0x5e1ec7L;
    private static final long SENTENCE = 0x5e47_0000L;

    /**
     * @param docs how many documents the corpus will have (sizes the entity pool: about docs / 4 names)
     */
    public SyntheticCorpus(Language lang, long seed, int docs) {
        if (docs < 1) {
            throw new IllegalArgumentException("--docs must be at least 1, got " + docs);
        }
        this.lang = lang;
        this.seed = seed;
        this.entityPool = Math.max(16, docs / 4);
        this.v = lang == Language.EN ? Vocabulary.EN : Vocabulary.ZH;
    }

    /** Document {@code i} (one line, no tabs or newlines). */
    public String document(int i) {
        SplittableRandom h = rng(i, HEADER);
        Domain d = v.domains[zipf(h, v.domains.length, 0.8)];
        String entity = entity(zipf(h, entityPool, 1.0));
        int sentences = 2 + h.nextInt(5);
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < sentences; s++) {
            if (s > 0 && lang == Language.EN) {
                sb.append(' ');
            }
            sb.append(sentence(rng(i, SENTENCE + s), d, s == 0 ? entity : null, null));
        }
        return sb.toString();
    }

    /**
     * The query of document {@code i}: one of its sentences, drawn again from the same seed, reworded (another
     * template, synonyms for 70% of the content words that have one, context dropped half of the time, the
     * entity kept two times in three), phrased as a question.
     */
    public String query(int i) {
        SplittableRandom h = rng(i, HEADER);
        Domain d = v.domains[zipf(h, v.domains.length, 0.8)];
        String entity = entity(zipf(h, entityPool, 1.0));
        int sentences = 2 + h.nextInt(5);
        SplittableRandom q = rng(i, QUERY);
        int pick = q.nextInt(sentences);
        boolean keepEntity = pick == 0 && q.nextInt(3) > 0;
        String s = sentence(rng(i, SENTENCE + pick), d, keepEntity ? entity : null, q);
        s = s.substring(0, s.length() - 1);
        return lang == Language.EN ? "what " + Character.toLowerCase(s.charAt(0)) + s.substring(1) + "?" : s + "吗？";
    }

    /** {@code count} queries for documents spread over the corpus (every {@code docs / count}-th), with gold. */
    public List<GoldQuery> queries(int docs, int count) {
        int n = Math.min(count, docs);
        List<GoldQuery> out = new ArrayList<>(n);
        SplittableRandom r = new SplittableRandom(seed ^ 0x9_0e1dL);
        for (int k = 0; k < n; k++) {
            long lo = (long) k * docs / n;
            long hi = (long) (k + 1) * docs / n;
            int doc = (int) (lo + r.nextLong(Math.max(1, hi - lo)));
            out.add(new GoldQuery(query(doc), doc));
        }
        return out;
    }

    private SplittableRandom rng(int i, long salt) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L + salt + lang.ordinal());
    }

    /**
     * One sentence from a template: [entity] subject verb object [modifier] context. With {@code q} (a query),
     * the template is drawn again, the context may go, and each content word with a synonym is swapped for it
     * with probability 0.7; the draws from {@code r} are the same either way, so a query replays its
     * document's sentence.
     */
    private String sentence(SplittableRandom r, Domain d, String entity, SplittableRandom q) {
        String subject = pick(r, d.nouns);
        String verb = pick(r, d.verbs);
        String object = pick(r, r.nextInt(4) == 0 ? v.generic : d.nouns);
        String modifier = pick(r, d.modifiers);
        String context = pick(r, v.contexts);
        int template = r.nextInt(3);
        int extra = r.nextInt(v.filler.length);
        if (q != null) {
            // A question is worded afresh: another template, often without the context or the hedge.
            template = q.nextInt(3);
            if (q.nextBoolean()) {
                context = "";
            }
            subject = synonym(q, subject);
            verb = synonym(q, verb);
            object = synonym(q, object);
            modifier = synonym(q, modifier);
        }
        String e = entity;
        if (lang == Language.EN) {
            String s = switch (template) {
                case 0 ->
                    (e != null ? e + " " : "the ") + subject + " " + verb + " " + modifier + " " + object + " "
                            + context;
                case 1 ->
                    (context.isEmpty() ? "" : context + ", ") + (e != null ? e + " " : "") + modifier + " " + subject
                            + " " + verb + " the " + object;
                default ->
                    (e != null ? e + " and " : "") + v.filler[extra] + " " + subject + " " + verb + " " + object + " "
                            + context;
            };
            s = s.strip();
            s = s.replace("the the ", "the "); // nouns that carry their article
            return Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".";
        }
        String s = switch (template) {
            case 0 -> (e != null ? e : "") + subject + verb + modifier + "的" + object + context;
            case 1 ->
                (context.isEmpty() ? "" : context + "，") + (e != null ? e : "") + modifier + "的" + subject + verb
                        + object;
            default -> (e != null ? e + "与" : "") + v.filler[extra] + subject + verb + object + context;
        };
        return s + "。";
    }

    private String synonym(SplittableRandom q, String word) {
        String other = v.synonyms.get(word);
        return other != null && q.nextInt(10) < 7 ? other : word;
    }

    /** Entity {@code k}: syllables from k's digits in base (syllables), unique per k; Zipf makes low k common. */
    private String entity(int k) {
        String[] syl = v.syllables;
        StringBuilder sb = new StringBuilder();
        int x = k + syl.length; // at least two syllables
        while (x > 0) {
            sb.append(syl[x % syl.length]);
            x /= syl.length;
        }
        sb.append(v.entitySuffix[k % v.entitySuffix.length]);
        String s = sb.toString();
        return lang == Language.EN ? Character.toUpperCase(s.charAt(0)) + s.substring(1) : s;
    }

    private static String pick(SplittableRandom r, String[] words) {
        return words[zipf(r, words.length, 0.7)];
    }

    /** A rank in [0, n) with P(k) ∝ 1 / (k + 1)^s, by inverting the continuous approximation of the CDF. */
    static int zipf(SplittableRandom r, int n, double s) {
        double u = r.nextDouble();
        double k;
        if (Math.abs(s - 1) < 1e-9) {
            k = Math.pow(n + 1, u) - 1;
        } else {
            double a = 1 - s;
            k = Math.pow(u * (Math.pow(n + 1, a) - 1) + 1, 1 / a) - 1;
        }
        return (int) Math.min(n - 1, Math.max(0, Math.floor(k)));
    }

    /** One topic's words. */
    record Domain(String[] nouns, String[] verbs, String[] modifiers) {}

    /** The word lists of a language. */
    record Vocabulary(
            Domain[] domains,
            String[] generic,
            String[] contexts,
            String[] filler,
            String[] syllables,
            String[] entitySuffix,
            Map<String, String> synonyms) {

        static Domain d(String nouns, String verbs, String modifiers) {
            return new Domain(nouns.split(","), verbs.split(","), modifiers.split(","));
        }

        static Map<String, String> pairs(String... kv) {
            Map<String, String> m = new HashMap<>();
            for (String p : kv) {
                String[] ab = p.split("=");
                m.put(ab[0], ab[1]);
                m.putIfAbsent(ab[1], ab[0]);
            }
            return m;
        }

        static final Vocabulary EN = new Vocabulary(
                new Domain[] {
                    d(
                            "patients,tumour cells,blood pressure,inflammation,the immune response,insulin levels,the vaccine,infection rates,bone density,heart failure",
                            "reduces,increases,regulates,predicts,suppresses,triggers,improves,worsens",
                            "chronic,early,severe,elderly,clinical,acute,mild,long-term"),
                    d(
                            "sea levels,rainfall,carbon emissions,the ice sheet,coral reefs,crop yields,wildfires,ocean temperature,drought,air quality",
                            "raises,lowers,accelerates,slows,shifts,threatens,restores,drives",
                            "coastal,seasonal,regional,extreme,tropical,arctic,urban,rural"),
                    d(
                            "the compiler,memory usage,the database,network latency,the scheduler,cache misses,the model,query throughput,disk writes,the kernel",
                            "reduces,doubles,optimises,limits,measures,parallelises,caches,compresses",
                            "distributed,concurrent,embedded,large,sparse,remote,virtual,incremental"),
                    d(
                            "interest rates,inflation,the stock market,household debt,exports,the central bank,bond yields,wages,housing prices,tax revenue",
                            "lifts,cuts,stabilises,depresses,tracks,boosts,erodes,offsets",
                            "quarterly,global,domestic,fiscal,monetary,nominal,annual,volatile"),
                    d(
                            "students,the curriculum,reading skills,teachers,exam scores,attendance,online courses,tuition fees,class size,graduation rates",
                            "improves,affects,raises,shapes,lowers,predicts,supports,reflects",
                            "primary,secondary,remote,bilingual,public,private,adult,vocational"),
                    d(
                            "the team,the striker,training load,injuries,the league,match fitness,the coach,ticket sales,sprint speed,recovery time",
                            "wins,loses,boosts,limits,extends,shortens,dominates,rebuilds",
                            "professional,youth,national,indoor,seasonal,elite,amateur,local"),
                    d(
                            "the recipe,fermentation,the sauce,dough,spices,the harvest,cooking time,flavour,the bakery,food prices",
                            "enhances,balances,shortens,preserves,sweetens,thickens,spoils,lifts",
                            "fresh,dried,traditional,organic,spicy,smoked,frozen,regional"),
                    d(
                            "the railway,tourists,the airport,flight delays,hotel bookings,the border,ferry routes,fuel costs,the museum,visitor numbers",
                            "connects,attracts,delays,expands,doubles,reopens,limits,serves",
                            "international,coastal,historic,crowded,remote,seasonal,budget,scenic"),
                    d(
                            "solar panels,battery storage,the power grid,wind turbines,electricity demand,energy prices,nuclear plants,hydrogen,emissions targets,efficiency",
                            "supplies,stores,balances,replaces,cuts,stabilises,powers,shifts",
                            "renewable,offshore,residential,peak,low-carbon,industrial,national,smart"),
                    d(
                            "the court,the ruling,voters,the election,the law,the committee,public trust,the policy,the budget,the minister",
                            "approves,blocks,reforms,delays,challenges,funds,reviews,overturns",
                            "federal,local,constitutional,controversial,new,bipartisan,municipal,landmark"),
                },
                "results,the study,the data,costs,risk,growth,quality,access,demand,the effect,outcomes,the trend"
                        .split(","),
                ("across several regions,over the past decade,in a recent trial,among younger adults,under laboratory conditions,"
                                + "during the winter months,in most countries,after the reform,in the control group,at high altitude,"
                                + "within a single year,compared with earlier estimates")
                        .split(","),
                "researchers report that,new evidence suggests,analysts say,a survey found,officials noted,critics argue"
                        .split(","),
                "do,ra,li,ma,ve,ka,tor,sen,mi,zan,ko,pel,ri,va,nu,bel".split(","),
                "mab,ine,ol,ex,ia,on,ara,ide".split(","),
                pairs(
                        "reduces=lowers",
                        "increases=raises",
                        "improves=enhances",
                        "patients=people with the disease",
                        "chronic=persistent",
                        "severe=serious",
                        "rainfall=precipitation",
                        "accelerates=speeds up",
                        "the database=the data store",
                        "optimises=tunes",
                        "network latency=network delay",
                        "interest rates=borrowing costs",
                        "students=pupils",
                        "teachers=instructors",
                        "the team=the squad",
                        "injuries=physical harm",
                        "the recipe=the dish",
                        "spices=seasoning",
                        "tourists=visitors",
                        "the railway=the train line",
                        "solar panels=photovoltaic modules",
                        "the court=the judges",
                        "voters=the electorate",
                        "global=worldwide",
                        "fresh=newly made",
                        "remote=distant",
                        "suppresses=inhibits",
                        "threatens=endangers",
                        "boosts=lifts",
                        "the law=the legislation",
                        "exam scores=test results",
                        "efficiency=performance",
                        "drought=water shortage",
                        "the coach=the manager",
                        "delays=postpones",
                        "the vaccine=the immunisation"));

        static final Vocabulary ZH = new Vocabulary(
                new Domain[] {
                    d("患者,肿瘤细胞,血压,炎症,免疫反应,血糖,疫苗,感染率,骨密度,心衰", "降低,提高,调节,预测,抑制,引发,改善,加重", "慢性,早期,严重,老年,临床,急性,轻度,长期"),
                    d("海平面,降雨,碳排放,冰盖,珊瑚礁,粮食产量,山火,海水温度,干旱,空气质量", "抬高,减少,加速,减缓,改变,威胁,恢复,推动", "沿海,季节性,区域,极端,热带,北极,城市,农村"),
                    d(
                            "编译器,内存占用,数据库,网络延迟,调度器,缓存命中,模型,查询吞吐,磁盘写入,内核",
                            "减少,翻倍,优化,限制,测量,并行,缓存,压缩",
                            "分布式,并发,嵌入式,大规模,稀疏,远程,虚拟,增量"),
                    d("利率,通胀,股市,家庭债务,出口,央行,债券收益率,工资,房价,税收", "推高,削减,稳定,压低,跟踪,提振,侵蚀,抵消", "季度,全球,国内,财政,货币,名义,年度,波动"),
                    d("学生,课程,阅读能力,教师,考试成绩,出勤率,网课,学费,班级规模,毕业率", "提升,影响,提高,塑造,降低,预测,支持,反映", "小学,中学,远程,双语,公立,私立,成人,职业"),
                    d("球队,前锋,训练量,伤病,联赛,比赛状态,教练,门票销量,冲刺速度,恢复时间", "赢得,输掉,提振,限制,延长,缩短,主导,重建", "职业,青年,国家,室内,赛季,精英,业余,本地"),
                    d("菜谱,发酵,酱汁,面团,香料,收成,烹饪时间,口味,面包店,食品价格", "增强,平衡,缩短,保存,增甜,变稠,变质,提升", "新鲜,干制,传统,有机,麻辣,烟熏,冷冻,地方"),
                    d("铁路,游客,机场,航班延误,酒店预订,边境,轮渡航线,燃油成本,博物馆,客流量", "连接,吸引,推迟,扩建,翻倍,重开,限制,服务", "国际,沿海,历史,拥挤,偏远,旺季,经济,风景"),
                    d("光伏板,储能电池,电网,风机,用电需求,电价,核电站,氢能,减排目标,能效", "供应,储存,平衡,替代,削减,稳定,驱动,转移", "可再生,海上,居民,高峰,低碳,工业,全国,智能"),
                    d("法院,裁决,选民,选举,法律,委员会,公信力,政策,预算,部长", "批准,阻止,改革,推迟,质疑,资助,审查,推翻", "联邦,地方,宪法,争议,新,两党,市级,里程碑"),
                },
                "结果,研究,数据,成本,风险,增长,质量,渠道,需求,效果,结局,趋势".split(","),
                "在多个地区,在过去十年,在一项新试验中,在年轻人中,在实验室条件下,在冬季,在大多数国家,在改革之后,在对照组中,在高海拔地区,在一年之内,与早先估计相比".split(","),
                "研究人员称,新证据表明,分析人士认为,调查发现,官员指出,批评者认为".split(","),
                "多,拉,里,马,维,卡,托,森,米,赞,科,佩,瑞,瓦,努,贝".split(","),
                "林,宁,尔,克,亚,隆,拉,德".split(","),
                pairs(
                        "降低=减少",
                        "提高=提升",
                        "改善=好转",
                        "患者=病人",
                        "慢性=长期性",
                        "严重=重度",
                        "降雨=降水",
                        "加速=加快",
                        "数据库=数据存储",
                        "优化=调优",
                        "网络延迟=网络时延",
                        "利率=借贷成本",
                        "学生=学员",
                        "教师=老师",
                        "球队=队伍",
                        "伤病=伤情",
                        "菜谱=食谱",
                        "香料=调料",
                        "游客=旅客",
                        "铁路=铁道",
                        "光伏板=太阳能板",
                        "法院=法庭",
                        "选民=投票人",
                        "全球=世界",
                        "新鲜=鲜活",
                        "偏远=边远",
                        "抑制=遏制",
                        "威胁=危及",
                        "提振=拉动",
                        "法律=法规",
                        "考试成绩=测验分数",
                        "能效=效率",
                        "干旱=缺水",
                        "教练=主教练",
                        "推迟=延后",
                        "疫苗=疫苗制剂"));
    }
}
