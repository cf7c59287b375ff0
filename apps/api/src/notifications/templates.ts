import { UN_LANGUAGES, type UnLanguage } from '@cop/contracts';
import { addressConfirmation } from './address-confirmation.template';

export const MAIL_TEMPLATES = [
  'nomination-received',
  'approved',
  'rejected',
  'on-hold',
  'account-invitation',
  'address-confirmation',
] as const;
export type MailTemplate = (typeof MAIL_TEMPLATES)[number];

/** What templates may refer to; all plain text, inserted as is (mail is sent as text/plain). */
export interface MailVars {
  name: string;
  meeting: string;
  reason?: string;
  /** invitation link (approved with a new account, account-invitation) */
  link?: string;
  /** when the link stops working, already formatted */
  expires?: string;
}

type Render = (v: MailVars) => { subject: string; text: string };
const sign = { ar: 'الأمانة', zh: '秘书处', en: 'The Secretariat', fr: 'Le Secrétariat', ru: 'Секретариат', es: 'La Secretaría' };

const invite = (v: MailVars, lead: string, until: string) => (v.link ? `\n\n${lead}\n${v.link}\n${until} ${v.expires ?? ''}` : '');

const T: Record<MailTemplate, Record<UnLanguage, Render>> = {
  'nomination-received': {
    en: (v) => ({
      subject: `${v.meeting}: nomination received`,
      text: `Dear ${v.name},\n\nYour nomination to ${v.meeting} has been received and will be reviewed by the secretariat. You will hear from us when it has been reviewed.\n\n${sign.en}`,
    }),
    fr: (v) => ({
      subject: `${v.meeting} : désignation reçue`,
      text: `Madame, Monsieur ${v.name},\n\nVotre désignation pour la ${v.meeting} a bien été reçue et sera examinée par le secrétariat. Vous serez informé(e) du résultat.\n\n${sign.fr}`,
    }),
    es: (v) => ({
      subject: `${v.meeting}: designación recibida`,
      text: `Estimado/a ${v.name}:\n\nHemos recibido su designación para la ${v.meeting}; la secretaría la examinará y le comunicará el resultado.\n\n${sign.es}`,
    }),
    ar: (v) => ({
      subject: `${v.meeting}: تم استلام الترشيح`,
      text: `${v.name} المحترم/ة،\n\nتم استلام ترشيحكم لحضور ${v.meeting} وستقوم الأمانة باستعراضه، وسنبلغكم بالنتيجة.\n\n${sign.ar}`,
    }),
    zh: (v) => ({
      subject: `${v.meeting}：已收到提名`,
      text: `尊敬的${v.name}：\n\n我们已收到您参加${v.meeting}的提名，秘书处将进行审核，并将通知您审核结果。\n\n${sign.zh}`,
    }),
    ru: (v) => ({
      subject: `${v.meeting}: выдвижение получено`,
      text: `Уважаемый(ая) ${v.name}!\n\nВаше выдвижение для участия в ${v.meeting} получено и будет рассмотрено секретариатом. Мы сообщим вам о результате.\n\n${sign.ru}`,
    }),
  },
  approved: {
    en: (v) => ({
      subject: `${v.meeting}: registration approved`,
      text: `Dear ${v.name},\n\nYour registration for ${v.meeting} has been approved. Your badge will be available in your account.${invite(v, 'Set the password of your personal account here (the link works once):', 'The link expires on')}\n\n${sign.en}`,
    }),
    fr: (v) => ({
      subject: `${v.meeting} : inscription approuvée`,
      text: `Madame, Monsieur ${v.name},\n\nVotre inscription à la ${v.meeting} a été approuvée. Votre badge sera disponible dans votre compte.${invite(v, 'Définissez le mot de passe de votre compte personnel ici (lien à usage unique) :', 'Le lien expire le')}\n\n${sign.fr}`,
    }),
    es: (v) => ({
      subject: `${v.meeting}: inscripción aprobada`,
      text: `Estimado/a ${v.name}:\n\nSu inscripción en la ${v.meeting} ha sido aprobada. Su credencial estará disponible en su cuenta.${invite(v, 'Establezca la contraseña de su cuenta personal aquí (el enlace es de un solo uso):', 'El enlace caduca el')}\n\n${sign.es}`,
    }),
    ar: (v) => ({
      subject: `${v.meeting}: تمت الموافقة على التسجيل`,
      text: `${v.name} المحترم/ة،\n\nتمت الموافقة على تسجيلكم في ${v.meeting}. ستتوفر شارتكم في حسابكم.${invite(v, 'حدّدوا كلمة مرور حسابكم الشخصي هنا (الرابط صالح لمرة واحدة):', 'تنتهي صلاحية الرابط في')}\n\n${sign.ar}`,
    }),
    zh: (v) => ({
      subject: `${v.meeting}：注册已批准`,
      text: `尊敬的${v.name}：\n\n您参加${v.meeting}的注册已获批准。您的证件将在您的账户中提供。${invite(v, '请通过以下链接设置个人账户密码（链接仅可使用一次）：', '链接失效时间：')}\n\n${sign.zh}`,
    }),
    ru: (v) => ({
      subject: `${v.meeting}: регистрация утверждена`,
      text: `Уважаемый(ая) ${v.name}!\n\nВаша регистрация для участия в ${v.meeting} утверждена. Ваш бейдж будет доступен в вашей учётной записи.${invite(v, 'Задайте пароль личной учётной записи по ссылке (ссылка одноразовая):', 'Срок действия ссылки истекает')}\n\n${sign.ru}`,
    }),
  },
  rejected: {
    en: (v) => ({
      subject: `${v.meeting}: registration not approved`,
      text: `Dear ${v.name},\n\nWe regret that your registration for ${v.meeting} could not be approved.\n\nReason: ${v.reason}\n\n${sign.en}`,
    }),
    fr: (v) => ({
      subject: `${v.meeting} : inscription non approuvée`,
      text: `Madame, Monsieur ${v.name},\n\nNous regrettons que votre inscription à la ${v.meeting} n'ait pas pu être approuvée.\n\nMotif : ${v.reason}\n\n${sign.fr}`,
    }),
    es: (v) => ({
      subject: `${v.meeting}: inscripción no aprobada`,
      text: `Estimado/a ${v.name}:\n\nLamentamos que su inscripción en la ${v.meeting} no haya podido ser aprobada.\n\nMotivo: ${v.reason}\n\n${sign.es}`,
    }),
    ar: (v) => ({
      subject: `${v.meeting}: لم تتم الموافقة على التسجيل`,
      text: `${v.name} المحترم/ة،\n\nنأسف لتعذر الموافقة على تسجيلكم في ${v.meeting}.\n\nالسبب: ${v.reason}\n\n${sign.ar}`,
    }),
    zh: (v) => ({
      subject: `${v.meeting}：注册未获批准`,
      text: `尊敬的${v.name}：\n\n很遗憾，您参加${v.meeting}的注册未获批准。\n\n原因：${v.reason}\n\n${sign.zh}`,
    }),
    ru: (v) => ({
      subject: `${v.meeting}: регистрация не утверждена`,
      text: `Уважаемый(ая) ${v.name}!\n\nК сожалению, ваша регистрация для участия в ${v.meeting} не может быть утверждена.\n\nПричина: ${v.reason}\n\n${sign.ru}`,
    }),
  },
  'on-hold': {
    en: (v) => ({
      subject: `${v.meeting}: registration on hold, document needed`,
      text: `Dear ${v.name},\n\nYour registration for ${v.meeting} is on hold until we receive the following:\n\n${v.reason}\n\nPlease ask your focal point to provide it.\n\n${sign.en}`,
    }),
    fr: (v) => ({
      subject: `${v.meeting} : inscription en attente, document requis`,
      text: `Madame, Monsieur ${v.name},\n\nVotre inscription à la ${v.meeting} est en attente jusqu'à réception de ce qui suit :\n\n${v.reason}\n\nVeuillez demander à votre correspondant de le fournir.\n\n${sign.fr}`,
    }),
    es: (v) => ({
      subject: `${v.meeting}: inscripción en espera, falta un documento`,
      text: `Estimado/a ${v.name}:\n\nSu inscripción en la ${v.meeting} está en espera hasta que recibamos lo siguiente:\n\n${v.reason}\n\nPida a su coordinador que lo envíe.\n\n${sign.es}`,
    }),
    ar: (v) => ({
      subject: `${v.meeting}: التسجيل معلّق، مطلوب مستند`,
      text: `${v.name} المحترم/ة،\n\nتسجيلكم في ${v.meeting} معلّق إلى حين استلام ما يلي:\n\n${v.reason}\n\nيرجى مطالبة جهة الاتصال الخاصة بكم بتقديمه.\n\n${sign.ar}`,
    }),
    zh: (v) => ({
      subject: `${v.meeting}：注册暂缓，需补交文件`,
      text: `尊敬的${v.name}：\n\n您参加${v.meeting}的注册已暂缓，待收到以下材料后继续处理：\n\n${v.reason}\n\n请联系您的联络人提交。\n\n${sign.zh}`,
    }),
    ru: (v) => ({
      subject: `${v.meeting}: регистрация приостановлена, нужен документ`,
      text: `Уважаемый(ая) ${v.name}!\n\nВаша регистрация для участия в ${v.meeting} приостановлена до получения следующего:\n\n${v.reason}\n\nПожалуйста, попросите вашего координатора предоставить его.\n\n${sign.ru}`,
    }),
  },
  'account-invitation': {
    en: (v) => ({
      subject: `${v.meeting}: your account`,
      text: `Dear ${v.name},\n\nAn account has been created for you. Set its password here (the link works once):\n${v.link}\nThe link expires on ${v.expires}.\n\n${sign.en}`,
    }),
    fr: (v) => ({
      subject: `${v.meeting} : votre compte`,
      text: `Madame, Monsieur ${v.name},\n\nUn compte a été créé pour vous. Définissez son mot de passe ici (lien à usage unique) :\n${v.link}\nLe lien expire le ${v.expires}.\n\n${sign.fr}`,
    }),
    es: (v) => ({
      subject: `${v.meeting}: su cuenta`,
      text: `Estimado/a ${v.name}:\n\nSe ha creado una cuenta para usted. Establezca su contraseña aquí (el enlace es de un solo uso):\n${v.link}\nEl enlace caduca el ${v.expires}.\n\n${sign.es}`,
    }),
    ar: (v) => ({
      subject: `${v.meeting}: حسابكم`,
      text: `${v.name} المحترم/ة،\n\nتم إنشاء حساب لكم. حدّدوا كلمة المرور هنا (الرابط صالح لمرة واحدة):\n${v.link}\nتنتهي صلاحية الرابط في ${v.expires}.\n\n${sign.ar}`,
    }),
    zh: (v) => ({
      subject: `${v.meeting}：您的账户`,
      text: `尊敬的${v.name}：\n\n已为您创建账户。请通过以下链接设置密码（链接仅可使用一次）：\n${v.link}\n链接失效时间：${v.expires}。\n\n${sign.zh}`,
    }),
    ru: (v) => ({
      subject: `${v.meeting}: ваша учётная запись`,
      text: `Уважаемый(ая) ${v.name}!\n\nДля вас создана учётная запись. Задайте пароль по ссылке (ссылка одноразовая):\n${v.link}\nСрок действия ссылки истекает ${v.expires}.\n\n${sign.ru}`,
    }),
  },
  'address-confirmation': addressConfirmation,
};

/** Renders a template in `language`, or in English when the language is not one of the six. */
export function renderMail(template: MailTemplate, language: string, vars: MailVars): { subject: string; text: string } {
  const lang = (UN_LANGUAGES as readonly string[]).includes(language) ? (language as UnLanguage) : 'en';
  return T[template][lang](vars);
}
