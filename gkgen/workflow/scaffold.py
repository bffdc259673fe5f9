"""The files `gkgen init` writes into a new site, as text (filled in by :mod:`.init`)."""

from __future__ import annotations

CONFIG = """\
# yaml-language-server: $schema=schemas/gkgen.schema.json
# 门户设置（说明见 gkgen 的 docs/format.md）。以“#”开头的行是注释，不影响内容。
门户名称: {name}                  # 必填：网站名称，显示在每个页面的页头
主办单位: {host}                  # 页脚的主办单位
# 网站标识码: "0000000000"         # 政府网站标识码（页脚），写真实号码后去掉行首的“# ”
# ICP备案号: 某ICP备00000000号
# 公安备案号: 某公网安备 00000000000000号
# 基础网址: https://www.example.gov.cn/zfxxgk/nb/   # 发布地址：用于绝对链接和 sitemap.xml
分类: [{category}]                # 机构分类，决定索引页的分组和顺序，如 [政府工作部门, 乡镇人民政府]
"""

EXAMPLE_AGENCY = """\
# yaml-language-server: $schema=../../schemas/agency.schema.json
# 示例机构：用 gkgen new 新建真实机构后，可删除整个 reports/{agency}/ 目录。
名称: {name}
分类: {category}
层级: 部门                        # 部门（次年1月31日前发布）或 政府（次年3月31日前发布）
"""

EXAMPLE_NARRATIVE = """\
# 总体情况

## 主动公开

{year}年，{name}依法主动公开政府信息。本报告是 gkgen init 生成的示例，用来演示报告的写法，
请在建立真实机构的报告后删除。

## 依申请公开

{year}年，本机关未收到政府信息公开申请。

## 政府信息管理

本机关严格执行政府信息公开保密审查制度，信息发布前均经审核。

## 政府信息公开平台建设

本机关通过本级政府门户网站的政府信息公开专栏发布政府信息。

## 监督保障

本机关明确了政府信息公开工作的分管负责人和工作人员，将政府信息公开工作纳入年度考核。

# 存在的主要问题及改进情况

信息公开的及时性还有提升空间。下一步，本机关将加强信息发布的统筹安排。

# 其他需要报告的事项

{year}年，本机关未收取信息处理费。
"""

GITIGNORE = """\
# gkgen build 的输出，不纳入版本库
/build/
# PDF 缓存（按内容保存，未改动的报告不再重新生成）
/.gkgen-cache/
"""

GITATTRIBUTES = """\
# git diff 时用 gkgen 把年度数据显示为带官方名称的单元格（需先运行一次：
#   git config diff.gkgen.textconv "gkgen diff --textconv"
# 详见 README.md）
reports/*/[0-9][0-9][0-9][0-9].yaml diff=gkgen
*.md text eol=lf
*.yaml text eol=lf
"""

EDITORCONFIG = """\
# 编辑器统一设置（https://editorconfig.org）：UTF-8、换行符 LF、YAML 缩进两个空格
root = true

[*]
charset = utf-8
end_of_line = lf
insert_final_newline = true
trim_trailing_whitespace = true

[*.{yaml,yml}]
indent_style = space
indent_size = 2

[*.md]
trim_trailing_whitespace = false
"""

VSCODE_SETTINGS = """\
{
  "yaml.schemas": {
    "./schemas/agency.schema.json": "reports/*/agency.yaml",
    "./schemas/year.schema.json": "reports/*/[0-9][0-9][0-9][0-9].yaml",
    "./schemas/gkgen.schema.json": "gkgen.yaml"
  },
  "files.encoding": "utf8",
  "files.eol": "\\n"
}
"""

VSCODE_EXTENSIONS = """\
{
  "recommendations": ["redhat.vscode-yaml"]
}
"""

GITHUB_WORKFLOW = """\
# gkgen 持续集成（GitHub Actions）：
# - 合并请求：检查全部数据，错误直接标注在合并请求中出错的行上；把数字的变化写进运行摘要；
# - 合并到 main：生成整个门户，作为制品（artifact）保存，可下载后发布。
name: gkgen

on:
  pull_request:
  push:
    branches: [main]

env:
  # 安装 gkgen 的来源（pip 的写法）；使用内部镜像或 git 地址时改这一行，例如
  #   GKGEN: "gkgen[render] @ git+https://代码托管地址/gkgen.git@v{version}"
  GKGEN: "gkgen[render]=={version}"

jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: 安装 gkgen
        run: pip install "$GKGEN"
      - name: 检查数据
        run: gkgen check --format github
      - name: 数字的变化
        if: github.event_name == 'pull_request'
        run: gkgen diff "origin/${{{{ github.base_ref }}}}" HEAD --format markdown >> "$GITHUB_STEP_SUMMARY"

  build:
    if: github.event_name == 'push'
    needs: check
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: 安装字体和 PDF 依赖
        run: sudo apt-get update && sudo apt-get install -y fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0
      - name: 安装 gkgen
        run: pip install "$GKGEN"
      - name: 字体副本和 PDF 缓存
        uses: actions/cache@v4
        with:
          path: |
            ~/.cache/gkgen
            .gkgen-cache
          key: gkgen-${{{{ runner.os }}}}-${{{{ hashFiles('gkgen.yaml') }}}}-${{{{ github.sha }}}}
          restore-keys: |
            gkgen-${{{{ runner.os }}}}-${{{{ hashFiles('gkgen.yaml') }}}}-
            gkgen-${{{{ runner.os }}}}-
      - name: 生成门户
        run: gkgen build
      - uses: actions/upload-artifact@v4
        with:
          name: site
          path: build/
"""

GITLAB_CI = """\
# gkgen 持续集成（GitLab CI）：合并请求和默认分支上检查数据；默认分支上生成整个门户并保存为制品。
variables:
  # 安装 gkgen 的来源（pip 的写法）；使用内部镜像或 git 地址时改这一行
  GKGEN: "gkgen[render]=={version}"
  XDG_CACHE_HOME: "$CI_PROJECT_DIR/.cache"     # 字体副本保存在 .cache/gkgen，在两次运行之间缓存
  PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"

default:
  image: python:3.11-bookworm
  cache:
    key: gkgen
    paths:
      - .cache/
      - .gkgen-cache/
  before_script:
    - pip install "$GKGEN"

check:
  stage: test
  script:
    - gkgen check
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH

changes:
  stage: test
  script:
    - git fetch origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
    - gkgen diff "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" HEAD --format markdown
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"

build:
  stage: deploy
  script:
    - apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0
    - gkgen build
  artifacts:
    paths:
      - build/
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"""

README = """\
# {name}：政府信息公开工作年度报告

本仓库用 gkgen 维护各机构的政府信息公开工作年度报告：
数字写在 `reports/<机构标识>/YYYY.yaml`，文字写在 `reports/<机构标识>/YYYY.md`。

## 安装（每台电脑一次）

```sh
python3 -m pip install "gkgen[render]=={version}"     # 需要 Python 3.11 以上
git config diff.gkgen.textconv "gkgen diff --textconv"  # 让 git diff 用官方名称显示数字的变化
```

生成 PDF 还需要思源（Noto CJK）字体：Debian/Ubuntu 上 `sudo apt-get install fonts-noto-cjk`。

## 日常步骤

1. **新建年度**：`gkgen new 机构标识 {next_year}` 以上一年度为基础生成 `{next_year}.yaml` 和 `{next_year}.md`：
   上年结转、现行有效件数已自动填好，其余数字为 0；正文中“（此处填写……）”和“××”是占位符。
   新机构：`gkgen new 机构标识 {next_year} --agency-name 机构全称`。
2. **填写**：用文本编辑器（推荐 VS Code，打开本目录后按提示安装 YAML 扩展，键名可自动补全）
   修改数字和正文，把占位符换成实际内容。
3. **预览**：`gkgen serve`，在浏览器打开显示的地址；保存文件后页面自动刷新，问题显示在页面顶部。
4. **检查**：`gkgen check`。有“错误”时必须改正；“警告”是提示。只检查一个机构：`gkgen check reports/机构标识`。
5. **提交**：`git add`、`git commit`，推送后发起合并请求。持续集成会检查数据，并用文字列出数字的变化
   （也可在本地运行 `gkgen diff`）。
6. **发布**：合并后持续集成运行 `gkgen build` 生成整个门户（网页、PDF、数据），在制品中下载 `build/` 目录上传到网站。

查看哪些机构还没有提交：`gkgen status --year {next_year}`。

## 目录

```
gkgen.yaml                     门户设置
reports/<机构标识>/agency.yaml  机构信息
reports/<机构标识>/YYYY.yaml    该年度报告的数字
reports/<机构标识>/YYYY.md      该年度报告的正文
schemas/                       编辑器用的 JSON Schema（升级 gkgen 后运行 gkgen schema 更新）
```

`reports/{example}/` 是示例机构，建好真实机构后可以删除。
"""
