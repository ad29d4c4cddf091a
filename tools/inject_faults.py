#!/usr/bin/env python3
"""Inject faults of each family (phrasings written here, not taken from any corpus) into the
clean official texts of ../shared/corpus, run zjlint on the results, and print the recall per
family and the number of findings on the untouched texts.

A fault counts as found when a finding of its category covers the line it was put on. The
phrasings are a second opinion beside score.py's labelled set: a detector tuned to one list of
strings shows here as a family it misses.

usage: python3 tools/inject_faults.py BINARY [--verbose]
"""
import json, os, random, re, shutil, subprocess, sys, tempfile, collections

SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared')
BASES = [
    'corpus/dev/clean_github_ChujinQQ-wordcloud-of-20th-congress-report_二十大报告.txt',
    'corpus/dev/clean_github_dxCarl-Chinese_Government_Report_Analysis_2012年国务院政府工作报告_GBK.txt',
    'corpus/dev/clean_github_dxCarl-Chinese_Government_Report_Analysis_2017年国务院政府工作报告_GBK.txt',
    'corpus/dev/clean_github_luyongwen-MyPythonStudy_十九大报告.txt',
    'corpus/real/github_Qqi-W_2024政府工作报告.txt',
    'corpus/real/github_johncodes404_2026宁夏回族自治区政府工作报告_fulltext.txt',
    'corpus/real/github_Nodreen-helloword_2018政府工作报告_节选.txt',
]

R = random.Random(9)
pick = R.choice

def read(path):
    raw = open(os.path.join(SHARED, path), 'rb').read()
    for enc in ('utf-8-sig', 'gb18030'):
        try:
            return raw.decode(enc).replace('\r\n', '\n')
        except UnicodeDecodeError:
            pass
    raise SystemExit(path)

GENRES = ['年终总结', '述职报告', '工作计划', '半年工作总结', '个人工作总结', '党建工作总结', '工作要点']
HANDLES = ['sunny_2019', '青青河边草', 'wx_8812734', 'a13579xyz', '飞翔的鱼88', 'lucky_cat']
NAMES = ['周某', '吴某某', '郑晓', '冯丽', '陈某某', '褚卫']
SITES = ['公文吧', '好范文站', '写作狗', '笔杆子之家', '文秘帮', '材料网']
TITLE = '县农业农村局2025年工作总结'

def traditional(s):  # a few traditional forms, to test the script-normalised view
    table = str.maketrans('为们这发载击页网会员户来时间单论读论览阅证权声说现实务个点击资对于与东观关门问题报纸传统计划总结', '為們這發載擊頁網會員戶來時間單論讀論覽閱證權聲說現實務個點擊資對於與東觀關門問題報紙傳統計劃總結')
    return s.translate(table)

JUNK = {
    'site-to-reader': lambda: pick(['本站', '小编', '我们', pick(SITES)]) + pick(['为您', '为大家', '给大家', '给各位']) + pick(['精心', '用心', '认真', '']) + pick(['整理', '收集', '汇编', '挑选', '准备']) + '了' + pick(['几篇', '这篇', '以下', '多篇']) + pick(GENRES) + pick(['，', ',']) + pick(['欢迎阅读与收藏。', '供大家参考借鉴。', '希望能帮助到您！', '一起来看看吧。', '仅供参考。']),
    'credit': lambda: pick(['本文由', '本文档由', '该文档由']) + pick(['用户', '网友', '会员', '']) + '“' + pick(HANDLES) + '”' + pick(['上传', '分享', '投稿', '提供']) + pick(['', '，如有侵权请联系删除']),
    'metadata': lambda: pick(['发布时间', '更新日期', '发布日期']) + '：' + f'20{R.randint(18,25)}-{R.randint(1,12):02d}-{R.randint(1,28):02d}' + pick(['  浏览次数：', '　阅读：', ' 点击量：']) + str(R.randint(10, 9999)),
    'metadata-gov': lambda: pick(['索引号：00123456-7/2025-00081', '主题分类：综合政务\\其他', '发文机关：县人民政府办公室', '成文日期：2025年03月12日', '信息来源：县政府办公室', '公开方式：主动公开']),
    'metadata-table': lambda: pick(['| 索引号 | 11500-2025-0031 |', '| 发布机构 | 县发展和改革局 |', '| 公开方式 | 主动公开 |', '| 文号 | 某政办发〔2025〕12号 |']),
    'source-end': lambda: pick(['（来源：', '(来源:', '来源：']) + pick(['县融媒体中心', '某某日报', '人民网', '区政府网站']) + pick(['）', ')', '']),
    'dateline': lambda: pick(['本报讯（记者 ' + pick(NAMES) + ' 通讯员 ' + pick(NAMES) + '）', '本台消息（记者 ' + pick(NAMES) + '）', pick(['新华社', '中新社']) + pick(['北京', '银川', '西宁']) + f'{R.randint(1,12)}月{R.randint(1,28)}日电']),
    'caption': lambda: pick(['图为', '上图：', '图：']) + pick(['代表们认真审议报告', '会议现场', '县长作报告']) + '。' + pick(['记者 ', '通讯员 ', '']) + pick(NAMES) + ' 摄',
    'paywall': lambda: pick(['剩余', '还剩']) + f'{R.randint(40,90)}%' + pick(['未读', '内容未显示']) + pick(['，开通会员后阅读全文', '，点击解锁全文', '，登录后继续阅读']),
    'login': lambda: pick(['登录后才能查看完整内容', '开通VIP会员，免费下载全文', '付费后可复制全文']),
    'disclaimer': lambda: pick(['本文仅供学习交流使用，请结合本单位实际修改。', '以上内容仅供参考，请根据实际情况自行修改。', '本范文仅供参考，不得直接照搬使用。']),
    'copyright': lambda: pick(['版权归原作者所有，如有侵权请联系删除。', '未经授权，禁止转载。', '转载请注明出处。', '本站文章均来自网络，版权归原作者所有。']),
    'ai-open': lambda: pick(['好的，', '当然可以！', '好的！']) + pick(['以下是为您撰写的', '下面是一篇', '我为您起草了一份']) + pick(GENRES) + pick(['：', '，供您参考：', '范文：']),
    'ai-close': lambda: pick(['如需调整篇幅或语气，请告诉我。', '希望这份总结对您有帮助！如有需要我可以继续修改。', '如果您需要补充具体数据，欢迎随时告诉我。']),
    'collection': lambda: pick([TITLE + ' 篇' + str(R.randint(1, 9)), '第' + pick('一二三四五') + '篇：' + TITLE, '范文' + pick('一二三四'), TITLE + '（' + pick('一二三') + '）']),
    'seo-title': lambda: pick(['【推荐】', '【精品】', '（最新）', '【热门】']) + TITLE + pick(['', '（通用6篇）', '范文大全']),
    'trad-site': lambda: traditional(pick(['本站為您精心整理了以下範文，歡迎閱讀。', '點擊下載完整文檔', '上一頁 下一頁', '本文由網友上傳分享'])),
}

UNIT = r'(万元|亿元|万人|万户|个百分点|公里|万亩|千米|人次|家|所|项|个|件|户|座|条|台|名)'

def inline_placeholder(text_line):
    """One mutation of a numbers-and-units sentence; None when the line has none."""
    m = list(re.finditer(r'(?<![\d.])(\d+(?:\.\d+)?)' + UNIT, text_line))
    if not m:
        return None
    m = pick(m)
    kind = pick(['delete', 'mask-x', 'mask-star', 'blank'])
    rep = {'delete': '', 'mask-x': pick(['XX', 'xx', 'X.X', '××']), 'mask-star': pick(['**', '＊＊', '*']), 'blank': '____'}[kind]
    global LAST_AT
    LAST_AT = m.start(1)
    return kind, text_line[:m.start(1)] + rep + text_line[m.end(1):]

HEAD = re.compile(r'^([一二三四五六七八九十]+)、')

def variants(name, text):
    lines = text.split('\n')
    body = [i for i, l in enumerate(lines) if len(l) > 30]
    out = []
    for fam, gen in JUNK.items():
        for k in range(3):
            where = pick(['top', 'bottom', 'middle']) if fam not in ('dateline', 'ai-open', 'seo-title', 'collection') else 'top'
            if fam in ('source-end', 'ai-close', 'copyright'):
                where = 'bottom'
            new = lines[:]
            at = {'top': 1, 'bottom': len(new), 'middle': pick(body) if body else 1}[where]
            new.insert(at, gen())
            out.append(('junk', fam, new, at + 1, None))
    for k in range(12):
        cand = [i for i in body if inline_placeholder(lines[i])]
        if not cand:
            break
        i = pick(cand)
        kind, changed = inline_placeholder(lines[i])
        new = lines[:]
        new[i] = changed
        out.append(('placeholder', kind, new, i + 1, changed[max(0, LAST_AT-12):LAST_AT+8]))
    heads = [i for i, l in enumerate(lines) if HEAD.match(l)]
    if len(heads) >= 3:
        for k in range(3):
            j = R.randrange(1, len(heads) - 1)
            new = lines[:]
            del new[heads[j]]
            out.append(('numbering', 'gap', new, heads[j + 1], None))  # the next heading moved up one line
            new = lines[:]
            prev = HEAD.match(lines[heads[j - 1]]).group(1)
            new[heads[j]] = HEAD.sub(prev + '、', new[heads[j]])
            out.append(('numbering', 'repeat', new, heads[j] + 1, None))
    return out

def run(binary, paths):
    p = subprocess.run([binary, 'check', '--isolated', '--format', 'json'] + paths, capture_output=True)
    data = json.loads(p.stdout.decode() or '[]')
    found = collections.defaultdict(list)
    for d in data:
        found[d['path']].append(d)
    return found

def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    if not os.path.isdir(os.path.join(SHARED, 'corpus')):
        raise SystemExit(f'SKIPPED: no shared corpus at {os.path.normpath(SHARED)}')
    binary = sys.argv[1]
    verbose = '--verbose' in sys.argv
    tmp = tempfile.mkdtemp(prefix='zjlint-inject.')
    cases = []
    base_paths = []
    for n, b in enumerate(BASES):
        text = read(b)
        bp = os.path.join(tmp, f'base{n}.txt')
        open(bp, 'w').write(text)
        base_paths.append(bp)
        for m, (cat, fam, lines, line, ctx) in enumerate(variants(b, text)):
            p = os.path.join(tmp, f'v{n}_{m}.txt')
            open(p, 'w').write('\n'.join(lines))
            cases.append((cat, fam, p, line, ctx or lines[line - 1]))
    found = run(binary, base_paths + [c[2] for c in cases])
    shutil.rmtree(tmp)
    base_findings = sum(len(found[p]) for p in base_paths)
    per = collections.defaultdict(lambda: [0, 0])
    misses = []
    for cat, fam, p, line, text in cases:
        hit = any(d['category'] == cat and d['range']['start']['line'] <= line <= d['range']['end']['line'] for d in found[p])
        per[(cat, fam)][0] += hit
        per[(cat, fam)][1] += 1
        if not hit:
            misses.append(f'  {cat:<12} {fam:<15} {text[:70]}')
    tot = collections.defaultdict(lambda: [0, 0])
    for (cat, fam), (h, n) in sorted(per.items()):
        tot[cat][0] += h; tot[cat][1] += n
        print(f'{cat:<12} {fam:<15} {h}/{n}')
    print('findings on the untouched bases:', base_findings)
    if verbose:
        print('misses:'); print('\n'.join(misses))
    print(' '.join(f'{c}={h/n:.3f}({h}/{n})' for c, (h, n) in sorted(tot.items())))

main()
