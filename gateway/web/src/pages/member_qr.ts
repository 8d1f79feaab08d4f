// 会员平台二维码: the address of the members' platform (this site's /m/)
// as a QR code, drawn here (no service outside) and downloadable as a PNG,
// for the back of the card design sent to the bank.
import QRCode from 'qrcode';
import { h, clear } from '../dom';
import type { RouteContext } from '../router';
import { errorText, field, notice, pageHeader } from '../ui';

export function memberPlatformAddress(): string {
  return `${location.origin}/m/`;
}

export async function memberQrPage({ view }: RouteContext): Promise<void> {
  const address = h('input', { name: 'address', value: memberPlatformAddress(), id: 'member-url', class: 'qr-address', spellcheck: 'false' });
  const redraw = h('button', { type: 'submit', class: 'btn' }, '重新生成');
  const form = h('form', { class: 'filters', id: 'qr-form', novalidate: true }, field('会员服务平台地址', address), redraw);
  const out = h('div', { class: 'qr-out', id: 'member-qr' });
  const draw = async () => {
    const url = address.value.trim();
    if (!/^https?:\/\/\S+$/.test(url)) {
      clear(out, notice('error', '请填写以 http:// 或 https:// 开头的完整地址'));
      return;
    }
    try {
      // Shown at 240 px; the PNG is large enough for print (1024 px, quiet
      // zone of four modules).
      const [shown, print] = await Promise.all([
        QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 4, width: 240 }),
        QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 4, width: 1024 }),
      ]);
      clear(
        out,
        h('img', { src: shown, alt: `会员服务平台二维码：${url}`, width: 240, height: 240, id: 'member-qr-image', 'data-url': url }),
        h(
          'div',
          {},
          h('p', {}, '二维码内容：', h('span', { class: 'mono', id: 'member-qr-text' }, url)),
          h('p', {}, h('a', { href: print, download: '工会会员服务平台二维码.png', class: 'btn btn-primary', id: 'member-qr-download' }, '下载 PNG（1024×1024）')),
          h('p', { class: 'muted' }, '印刷尺寸建议不小于 2 厘米 × 2 厘米，四周留白。'),
        ),
      );
    } catch (e) {
      clear(out, notice('error', errorText(e)));
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void draw();
  });
  view.append(
    pageHeader('会员平台二维码'),
    h(
      'section',
      { class: 'panel' },
      h('p', {}, '会员用手机扫描此二维码，即可打开工会会员服务平台：用身份证号码和手机短信验证码登录，查看会员卡状态、挂失，查询保险保障和发放到卡上的资金，查找持卡优惠商户并评价，阅读政策通知，提交法律咨询和帮扶救助求助。'),
      h('p', {}, '此二维码用于会员卡', h('strong', {}, '卡背设计稿'), '：下载 PNG 后放入设计稿，随设计稿一并发给合作银行制卡。'),
      h('p', { class: 'warn' }, '地址默认取本平台当前的访问地址加 /m/。若会员从互联网访问的正式地址与此不同（例如本页是通过内网地址打开的），请先改为正式地址再生成，并用手机扫码确认能打开后再发给银行。'),
      form,
      out,
    ),
  );
  await draw();
}
