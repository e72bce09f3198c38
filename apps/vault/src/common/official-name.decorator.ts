import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** An official name (of an agency, a body, a document type) in Vietnamese or English, as the directory stores it. */
export const OfficialName = (): PropertyDecorator => applyDecorators(ApiProperty({ maxLength: 300 }), IsString(), IsNotEmpty(), MaxLength(300));
