package dev.nsw.encoder;

import java.util.List;

/** Varied test sentences: Chinese, English, mixed, short, long (beyond 64 tokens), odd punctuation. */
final class Sentences {
    private Sentences() {}

    static final List<String> CHINESE = List.of(
            "开初婚未育证明怎么弄？",
            "初婚未育情况证明怎么开？",
            "谁知道她是网络美女吗？",
            "英雄联盟什么英雄最好",
            "英雄联盟最好英雄是什么",
            "现在有什么动画片好看呢？",
            "送自己做的闺蜜什么生日礼物好",
            "今天天气怎么样",
            "明天会下雨吗",
            "我想学习深度学习，应该从哪里开始？",
            "北京到上海的高铁要多长时间",
            "这种图片是用什么软件制作的？",
            "人和畜生的区别是什么？",
            "苹果手机怎么截图",
            "微信聊天记录删除了怎么恢复",
            "减肥期间可以吃香蕉吗",
            "孕妇能不能喝咖啡",
            "为什么天空是蓝色的",
            "如何提高英语口语水平",
            "糖尿病人早餐吃什么好",
            "好",
            "？",
            "一",
            "中华人民共和国成立于1949年10月1日，首都北京。",
            "长江是中国第一长河，全长约6300公里，流经青海、西藏、四川、云南、重庆、湖北、湖南、江西、安徽、江苏和上海，最后注入东海，是亚洲最长的河流，也是世界第三长河。",
            "语义检索系统通常包括召回和排序两个阶段，召回阶段使用双塔模型快速从海量候选中找到相关文档，排序阶段使用交互式模型对召回结果进行精细打分，从而得到最终的检索结果。",
            "我用iPhone 15拍了一张照片，怎么传到Windows电脑上？",
            "Python和Java哪个更适合初学者",
            "GPU显存不够怎么办",
            "2024年春节是几月几号",
            "这个价格是￥199.99还是$29.99？",
            "《红楼梦》的作者是谁",
            "请问「深度学习」和「机器学习」有什么区别？",
            "我爱自然语言处理 😊",
            "ＡＢＣ全角字母和１２３全角数字");

    static final List<String> ENGLISH = List.of(
            "How do I reset my password?",
            "How can I change a password I forgot?",
            "What is the best way to learn machine learning?",
            "The quick brown fox jumps over the lazy dog.",
            "Is it going to rain tomorrow in London?",
            "Neural search combines dense retrieval with approximate nearest neighbour indexes.",
            "hello",
            "OK",
            "What's the capital of Australia? Many people think it's Sydney, but it's actually Canberra.",
            "I can't believe it's already December!",
            "BERT uses WordPiece tokenization with a vocabulary of about 30,000 tokens.",
            "Transformers process all tokens in parallel using self-attention, which lets every position attend to every other position in the sequence; this makes them well suited to long-range dependencies but quadratic in sequence length.",
            "e-mail: someone@example.com, phone +1 (555) 123-4567",
            "COVID-19 vaccines were developed in record time.",
            "Where can I buy cheap flights to Tokyo?",
            "unbelievably uncharacteristically antidisestablishmentarianism",
            "Café, naïve, résumé — accents and dashes.",
            "The mitochondria is the powerhouse of the cell.",
            "Stock prices fell 3.5% after the announcement on Tuesday.",
            "Can dogs eat chocolate?",
            "SELECT * FROM users WHERE id = 42;");

    static List<String> all() {
        return java.util.stream.Stream.concat(CHINESE.stream(), ENGLISH.stream())
                .toList();
    }
}
