#!/usr/bin/python3
"""The search page of `morgue serve` in a real browser (Debian's chromium,
headless, driven by chromium-driver through python3-selenium): index the
bundled sample, start the server on a free port, type a query, see the hits,
click a facet, see the attention chart drawn, open an article. Keeps a
screenshot of each step in ARTEFACTS. Exit 77 (ctest: skipped) only when
chromium, chromedriver or selenium is missing.

  run.py MORGUE_BINARY SAMPLE_DIR ARTEFACTS
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

SKIP = 77
ARTEFACTS = ''


def main():
    morgue, sample, artefacts = sys.argv[1:4]
    chromium = shutil.which('chromium')
    driver = shutil.which('chromedriver')
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.support import expected_conditions as EC
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        print('serve_browser: SKIPPED: python3-selenium is not installed (scripts/setup installs it)')
        return SKIP
    if not chromium or not driver:
        print('serve_browser: SKIPPED: chromium or chromedriver is not installed '
              '(scripts/setup installs chromium and chromium-driver)')
        return SKIP
    global ARTEFACTS
    ARTEFACTS = artefacts
    os.makedirs(artefacts, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix='morgue-browser-')
    server = None
    browser = None
    try:
        archive = os.path.join(tmp, 'sample.morgue')
        # The sample, and an article whose text is markup: it must show as text.
        hostile = os.path.join(tmp, 'hostile.jsonl')
        with open(hostile, 'w', encoding='utf-8') as f:
            f.write(json.dumps({'id': 'markup', 'source': 'hostile', 'headline':
                                'Xylophone <img src=x onerror="document.title=1"> headline',
                                'body': 'A xylophone <script>document.title=2</script> and '
                                        '<b onmouseover=alert(1)>bold</b> &amp; more.'}) + '\n')
            # An id with dot segments: the page must ask for this article, not
            # the path the browser makes of /articles/hostile/../../stats.
            f.write(json.dumps({'id': '../../stats', 'source': 'hostile', 'headline':
                                'Zeppelin dots headline', 'body': 'A zeppelin.'}) + '\n')
        subprocess.run([morgue, 'index', '--archive', archive, sample, hostile], check=True,
                       stdout=subprocess.DEVNULL)
        server = subprocess.Popen([morgue, 'serve', '--archive', archive, '--port', '0'],
                                  stdout=subprocess.PIPE, text=True)
        banner = server.stdout.readline()
        base = banner.split(' on ')[1].split(' ')[0].rstrip('/')
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for arg in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
                    '--window-size=1200,1400', f'--user-data-dir={tmp}/profile'):
            options.add_argument(arg)
        browser = webdriver.Chrome(service=Service(driver), options=options)
        wait = WebDriverWait(browser, 15)
        errors = []

        def shot(name):
            browser.save_screenshot(os.path.join(artefacts, name + '.png'))

        try:
            return walk(browser, base, wait, shot, errors, By, Keys, EC)
        except Exception:
            shot('failure')
            print('serve_browser: FAILED at', browser.current_url, '; status:',
                  browser.find_element(By.ID, 'status').text)
            print('serve_browser: browser console:', browser.get_log('browser'))
            raise
    finally:
        if browser is not None:
            browser.quit()
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


def walk(browser, base, wait, shot, errors, By, Keys, EC):
    if True:
        # 1. Type a query, press Enter: hits with highlighted words.
        browser.get(base + '/')
        box = wait.until(EC.element_to_be_clickable((By.ID, 'query')))
        box.send_keys('oil OR minister OR election', Keys.ENTER)
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '#hits li.hit')))
        hits = browser.find_elements(By.CSS_SELECTOR, '#hits li.hit')
        marks = browser.find_elements(By.CSS_SELECTOR, '#hits .snippet b')
        if not hits or not marks:
            errors.append(f'no hits or no highlighted words ({len(hits)} hits, {len(marks)} marks)')
        query = urllib.parse.parse_qs(urllib.parse.urlparse(browser.current_url).query).get('query')
        if query != ['oil OR minister OR election']:
            errors.append(f'the query is not in the URL: {browser.current_url}')
        totals = browser.find_element(By.ID, 'totals').text
        # 2. The attention chart: one line per query.
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '#chart-svg path.series')))
        shot('1-hits')
        # 3. Click a facet: the query is refined, fewer or as many hits.
        facet = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, '#facets button.facet')))
        field = facet.get_attribute('data-field')
        facet.click()
        wait.until(lambda b: f'{field}%3A' in b.current_url or f'{field}:' in urllib.parse.unquote_plus(b.current_url))
        wait.until(lambda b: b.find_element(By.ID, 'totals').text != totals)
        refined = browser.find_element(By.ID, 'query').get_attribute('value')
        if f'{field}:' not in refined or not refined.startswith('(oil OR minister OR election) '):
            errors.append(f'the facet did not refine the query as a whole: {refined!r}')
        # 4. Overlay a second query on the chart, by week.
        browser.find_element(By.ID, 'compare').send_keys('minister')
        browser.find_element(By.ID, 'by').send_keys('week')
        browser.find_element(By.CSS_SELECTOR, '#chart-form button').click()
        wait.until(lambda b: len(b.find_elements(By.CSS_SELECTOR, '#chart-svg path.series')) == 2)
        colours = {p.get_attribute('fill') for p in browser.find_elements(By.CSS_SELECTOR, '#chart-svg circle.point')}
        if len(colours) != 2:
            errors.append(f'the chart by week does not show points of both queries: {colours}')
        shot('2-refined-chart')
        # 5. Open an article: headline, body, the way back.
        link = browser.find_element(By.CSS_SELECTOR, '#hits a.hit-link')
        headline = link.text
        link.send_keys(Keys.ENTER)  # by keyboard
        title = wait.until(EC.visibility_of_element_located((By.ID, 'article-headline')))
        if title.text != headline:
            errors.append(f'the article shows {title.text!r}, the hit said {headline!r}')
        if 'article=' not in browser.current_url:
            errors.append(f'the article is not in the URL: {browser.current_url}')
        shot('3-article')
        # 6. A phone-sized window: nothing wider than the screen.
        browser.set_window_size(390, 844)
        browser.back()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '#hits li.hit')))
        overflow = browser.execute_script('return document.documentElement.scrollWidth - window.innerWidth')
        if overflow > 2:
            errors.append(f'at phone width the page is {overflow}px wider than the window')
        shot('4-phone')
        # 7. Markup in an article is text: no element of it reaches the page.
        browser.get(base + '/?query=xylophone')
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '#hits li.hit')))
        shown = browser.find_element(By.CSS_SELECTOR, '#hits a.hit-link').text
        injected = browser.find_elements(By.CSS_SELECTOR, '#hits img, #hits script, #hits [onmouseover]')
        browser.find_element(By.CSS_SELECTOR, '#hits a.hit-link').click()
        wait.until(EC.visibility_of_element_located((By.ID, 'article-headline')))
        injected += browser.find_elements(By.CSS_SELECTOR, '#article img, #article script, #article [onmouseover]')
        if '<img src=x' not in shown or injected or browser.title != 'morgue':
            errors.append(f'markup from an article reached the page: {shown!r}, {len(injected)} elements, title {browser.title!r}')
        # 7b. An article whose id holds "../" opens as itself.
        browser.get(base + '/?query=zeppelin')
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, '#hits li.hit')))
        browser.find_element(By.CSS_SELECTOR, '#hits a.hit-link').click()
        try:
            title = wait.until(EC.visibility_of_element_located((By.ID, 'article-headline')))
            if title.text != 'Zeppelin dots headline':
                errors.append(f'the article hostile/../../stats shows {title.text!r}')
        except Exception:
            status = browser.find_element(By.ID, 'status').text
            errors.append(f'the article hostile/../../stats does not open: {status!r}')
        # 8. A bad query: the error is shown, not a blank page.
        box = browser.find_element(By.ID, 'query')
        box.clear()
        box.send_keys('oil (', Keys.ENTER)
        wait.until(lambda b: 'never closed' in b.find_element(By.ID, 'status').text)
        logs = [e for e in browser.get_log('browser') if e.get('level') == 'SEVERE' and '400' not in e.get('message', '')]
        if logs:
            errors.append(f'errors in the browser console: {logs}')
        for e in errors:
            print('serve_browser: FAILED:', e)
        print(f'serve_browser: {"FAILED" if errors else "passed"}; screenshots in {ARTEFACTS}')
        return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
